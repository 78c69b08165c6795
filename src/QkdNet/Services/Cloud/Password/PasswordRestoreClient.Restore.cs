using System.Security.Cryptography;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using QkdNet.KeyManagement;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace QkdNet.Services.Cloud.Password;

public sealed partial class PasswordRestoreClient
{
    /// <summary>
    /// TOPPSS reconstruction (the PPSS protocol): blinds H1(pw) with a fresh r, asks every server for b_i = k_i * (r * H1(pw)), finds
    /// k answers whose Lagrange combination, unblinded, gives an rwd whose tag matches the stored one, opens the envelope,
    /// names every server whose answer disagrees with the verified polynomial (<see cref="PasswordRestoreResult.LyingServers"/>),
    /// and confirms the guess at the honest servers so their failed-guess counts clear.
    /// </summary>
    public async Task<PasswordRestoreResult> RestoreAsync(UserId user, string password, CancellationToken cancellationToken = default)
    {
        if (user.Value is null)
        {
            return Ended(PasswordRestoreStatus.InvalidInput, "no user name.", []);
        }

        if (EncodePassword(password, out byte[] passwordBytes) is { } problem)
        {
            return Ended(PasswordRestoreStatus.InvalidInput, problem, []);
        }

        try
        {
            var evaluation = await EvaluateAllAsync(user, passwordBytes, cancellationToken).ConfigureAwait(false);
            var (failed, reconstruction) = Reconstruct(user, passwordBytes, evaluation);
            if (reconstruction is null)
            {
                return failed!;
            }

            using (reconstruction)
            {
                await ConfirmGuessesAsync(user, reconstruction, cancellationToken).ConfigureAwait(false);
                return new PasswordRestoreResult(PasswordRestoreStatus.Restored, null, KeyMaterial.TakeOwnership(reconstruction.TakeSecret()),
                    [.. reconstruction.Liars.Select(l => _servers[l.Position].Name)], reconstruction.Failures);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    private sealed record Answer(int Position, OprfEvaluateResult Result)
    {
        public int ShareIndex => Position + 1;

        public ECPoint Point => Result.EvaluatedElement!.Point;
    }

    private sealed record Evaluation(BigInteger Blind, List<Answer> Answers, List<ServerFailure> Failures, TimeSpan RetryAfter);

    private async Task<Evaluation> EvaluateAllAsync(UserId user, byte[] password, CancellationToken cancellationToken)
    {
        // TOPPSS, 2HashDH T-OPRF: a = H1(pw)^r for a fresh r, uniform in the group whatever the password.
        BigInteger blind = P256.RandomScalar();
        GroupElement blinded = GroupElement.FromPoint(PasswordKeys.HashPassword(user, password).Multiply(blind))!;
        var request = new OprfEvaluateRequest(user, blinded);
        OprfEvaluateResult[] results = await Task.WhenAll(_servers.Select(s => GuardAsync(
            () => s.Server.EvaluateAsync(request, cancellationToken),
            reason => OprfEvaluateResult.Failed(OprfStatus.ServerFailed, reason),
            cancellationToken))).ConfigureAwait(false);

        var answers = new List<Answer>();
        var failures = new List<ServerFailure>();
        TimeSpan retryAfter = TimeSpan.Zero;
        for (int i = 0; i < results.Length; i++)
        {
            OprfEvaluateResult result = results[i];
            string? fault = result.Status != OprfStatus.Ok ? result.Problem ?? result.Status.ToString()
                : result.ShareIndex != i + 1 ? $"it answered for share {result.ShareIndex}, not {i + 1}."
                : result.EvaluatedElement is null ? "it sent no evaluated element."
                : result.Tag.Length != PasswordKeys.KeyBytes ? $"its tag is {result.Tag.Length} bytes, not {PasswordKeys.KeyBytes}."
                : null;
            if (fault is null)
            {
                answers.Add(new Answer(i, result));
                continue;
            }

            failures.Add(new ServerFailure(_servers[i].Name, i + 1, result.Status == OprfStatus.Ok ? OprfStatus.ServerFailed : result.Status, fault));
            if (result.Status == OprfStatus.RateLimited && result.RetryAfter > retryAfter)
            {
                retryAfter = result.RetryAfter;
            }
        }

        return new Evaluation(blind, answers, failures, retryAfter);
    }

    /// <summary>The verified reconstruction, or why there is none.</summary>
    private (PasswordRestoreResult? Failed, Reconstruction? Done) Reconstruct(UserId user, byte[] password, Evaluation evaluation)
    {
        var (blind, answers, failures, retryAfter) = evaluation;
        if (answers.Count < Threshold)
        {
            return (NotEnough(answers.Count, failures, retryAfter), null);
        }

        BigInteger unblind = blind.ModInverse(P256.Order);
        int tried = 0;
        foreach (int[] subset in Subsets(answers.Count, Threshold))
        {
            if (++tried > MaxSubsetsTried)
            {
                return (Ended(PasswordRestoreStatus.WrongPassword, $"no k-subset verified among the first {MaxSubsetsTried} tried; the password is wrong or many servers lie.", failures), null);
            }

            Answer[] chosen = [.. subset.Select(j => answers[j])];
            PasswordKeys? keys = Verify(password, chosen, unblind, out byte[]? tag);
            if (keys is not null)
            {
                return Open(user, keys, tag!, chosen, answers, failures);
            }
        }

        return (answers.Count == Threshold
            ? Ended(PasswordRestoreStatus.WrongPasswordOrLyingServer,
                $"the {Threshold} answers do not verify: the password is wrong, or one of these servers lies (with more servers up, the liar would be named).", failures)
            : Ended(PasswordRestoreStatus.WrongPassword,
                $"no {Threshold} of the {answers.Count} answers verify: the password is wrong (or more than {answers.Count - Threshold} servers lie).", failures), null);
    }

    /// <summary>
    /// The keys from the k answers when their combination verifies: k * H1(pw) = sum_i (lambda_i(0) / r) * b_i (TOPPSS,
    /// 2HashDH T-OPRF, Lagrange in the exponent), then rwd and the tag, compared in constant time with the tags the answers carry.
    /// </summary>
    private static PasswordKeys? Verify(byte[] password, Answer[] chosen, BigInteger unblind, out byte[]? verifiedTag)
    {
        verifiedTag = null;
        BigInteger[] lambdas = ScalarSharing.LagrangeCoefficients([.. chosen.Select(a => a.ShareIndex)], 0);
        BigInteger[] scalars = [.. lambdas.Select(l => l.Multiply(unblind).Mod(P256.Order))];
        ECPoint value = ECAlgorithms.SumOfMultiplies([.. chosen.Select(a => a.Point)], scalars);
        if (value.IsInfinity)
        {
            return null;
        }

        var keys = PasswordKeys.FromOprfValue(password, value);
        byte[] tag = keys.Tag();
        if (chosen.Any(a => CryptographicOperations.FixedTimeEquals(a.Result.Tag, tag)))
        {
            verifiedTag = tag;
            return keys;
        }

        keys.Dispose();
        return null;
    }

    private (PasswordRestoreResult? Failed, Reconstruction? Done) Open(UserId user, PasswordKeys keys, byte[] tag, Answer[] chosen, List<Answer> answers, List<ServerFailure> failures)
    {
        byte[] envelopeKey = keys.EnvelopeKey();
        byte[]? secret = null;
        byte[]? envelope = null;
        foreach (var answer in chosen.Where(a => CryptographicOperations.FixedTimeEquals(a.Result.Tag, tag)))
        {
            secret = PasswordEnvelope.TryOpen(envelopeKey, user, answer.Result.Envelope);
            if (secret is not null)
            {
                envelope = answer.Result.Envelope;
                break;
            }
        }

        CryptographicOperations.ZeroMemory(envelopeKey);
        if (secret is null)
        {
            keys.Dispose();
            return (Ended(PasswordRestoreStatus.NotEnoughServers, "the password verified, but no server returned an envelope that opens.", failures), null);
        }

        // Every other answer must lie on the same polynomial in the exponent: b_j = sum_{i in S} lambda_i(x_j) b_i.
        var liars = new List<Answer>();
        foreach (var answer in answers)
        {
            bool pointAgrees = chosen.Contains(answer) || ExpectedAt(chosen, answer.ShareIndex).Equals(answer.Point);
            if (!pointAgrees || !CryptographicOperations.FixedTimeEquals(answer.Result.Tag, tag) || !answer.Result.Envelope.AsSpan().SequenceEqual(envelope))
            {
                liars.Add(answer);
            }
        }

        return (null, new Reconstruction(keys, secret, [.. answers.Except(liars)], liars, failures));
    }

    /// <summary>Proves the guess successful at every honest server, so each clears the user's failed-guess count.</summary>
    private async Task ConfirmGuessesAsync(UserId user, Reconstruction reconstruction, CancellationToken cancellationToken)
    {
        Answer[] honest = reconstruction.Honest;
        OprfResult[] confirmations = await Task.WhenAll(honest.Select(a =>
        {
            byte[] proof = reconstruction.Proof(OprfProofs.ConfirmLabel, user, a, a.Result.Guess.ToBytes());
            return CallAsync(a.Position, server => server.ConfirmAsync(new OprfConfirmRequest(user, a.Result.Guess, proof), cancellationToken), cancellationToken);
        })).ConfigureAwait(false);
        reconstruction.Failures.AddRange(confirmations.Select((r, j) => (r, a: honest[j])).Where(x => !x.r.IsOk)
            .Select(x => Failure(x.a.Position, x.r with { Problem = "the restore worked, but the guess was not confirmed: " + x.r.Problem })));
    }

    /// <summary>A verified restore: rwd's keys, the opened secret, the honest answers and the liars. Dispose zeroes the keys and an untaken secret.</summary>
    private sealed class Reconstruction(PasswordKeys keys, byte[] secret, Answer[] honest, List<Answer> liars, List<ServerFailure> failures) : IDisposable
    {
        private byte[]? _secret = secret;

        public Answer[] Honest { get; } = honest;

        public List<Answer> Liars { get; } = liars;

        public List<ServerFailure> Failures { get; } = failures;

        /// <summary>The proof for server <paramref name="answer"/> under its confirmation key, at the epoch it reported unless another is given.</summary>
        public byte[] Proof(string label, UserId user, Answer answer, ReadOnlySpan<byte> payload, long? epoch = null)
        {
            byte[] confirmationKey = keys.ConfirmationKey(answer.ShareIndex);
            byte[] proof = OprfProofs.Compute(confirmationKey, label, user, epoch ?? answer.Result.Epoch, payload);
            CryptographicOperations.ZeroMemory(confirmationKey);
            return proof;
        }

        /// <summary>Hands the secret over to the caller, who then owns (and zeroes) it.</summary>
        public byte[] TakeSecret()
        {
            byte[] taken = _secret ?? throw new InvalidOperationException("The secret was already taken.");
            _secret = null;
            return taken;
        }

        public void Dispose()
        {
            keys.Dispose();
            if (_secret is not null)
            {
                CryptographicOperations.ZeroMemory(_secret);
            }
        }
    }

    private static ECPoint ExpectedAt(Answer[] chosen, int shareIndex)
    {
        BigInteger[] lambdas = ScalarSharing.LagrangeCoefficients([.. chosen.Select(a => a.ShareIndex)], shareIndex);
        return ECAlgorithms.SumOfMultiplies([.. chosen.Select(a => a.Point)], lambdas).Normalize();
    }

    private PasswordRestoreResult NotEnough(int usable, List<ServerFailure> failures, TimeSpan retryAfter)
    {
        if (failures.Count(f => f.Status == OprfStatus.UnknownUser) > ServerCount - Threshold)
        {
            return Ended(PasswordRestoreStatus.UnknownUser, "the share servers hold no record for this user.", failures);
        }

        if (retryAfter > TimeSpan.Zero)
        {
            return Ended(PasswordRestoreStatus.RateLimited, $"only {usable} of the {Threshold} answers needed; servers rate-limit this user for {Math.Ceiling(retryAfter.TotalSeconds)} s.", failures) with { RetryAfter = retryAfter };
        }

        return Ended(PasswordRestoreStatus.NotEnoughServers, $"only {usable} usable answers; {Threshold} are needed.", failures);
    }

    private static PasswordRestoreResult Ended(PasswordRestoreStatus status, string problem, List<ServerFailure> failures) =>
        new(status, problem, null, [], failures);

    /// <summary>The k-subsets of {0, ..., m - 1} in lexicographic order.</summary>
    private static IEnumerable<int[]> Subsets(int m, int k)
    {
        int[] indices = [.. Enumerable.Range(0, k)];
        while (true)
        {
            yield return [.. indices];
            int i = k - 1;
            while (i >= 0 && indices[i] == m - k + i)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            indices[i]++;
            for (int j = i + 1; j < k; j++)
            {
                indices[j] = indices[j - 1] + 1;
            }
        }
    }
}
