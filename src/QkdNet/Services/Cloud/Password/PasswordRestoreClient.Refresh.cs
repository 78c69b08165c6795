using System.Security.Cryptography;
using Org.BouncyCastle.Math;

namespace QkdNet.Services.Cloud.Password;

public sealed partial class PasswordRestoreClient
{
    /// <summary>
    /// Proactive refresh of the OPRF key shares (Herzberg, Jarecki, Krawczyk, Yung, CRYPTO 1995): after a verified
    /// restore with all n servers answering honestly, server i adds d_i, its share of a fresh random sharing of zero, so
    /// k, rwd, the tag and the envelope stay while every k_i changes; shares stolen before the refresh do not combine with
    /// shares taken after it. If any server does not apply its d_i, the ones that did subtract it again: all or none.
    /// </summary>
    public async Task<PasswordRefreshResult> RefreshSharesAsync(UserId user, string password, CancellationToken cancellationToken = default)
    {
        if (user.Value is null)
        {
            return new PasswordRefreshResult(false, "no user name.", [], []);
        }

        if (EncodePassword(password, out byte[] passwordBytes) is { } problem)
        {
            return new PasswordRefreshResult(false, problem, [], []);
        }

        try
        {
            var evaluation = await EvaluateAllAsync(user, passwordBytes, cancellationToken).ConfigureAwait(false);
            var (failed, reconstruction) = Reconstruct(user, passwordBytes, evaluation);
            if (reconstruction is null)
            {
                return new PasswordRefreshResult(false, failed!.Problem, failed.LyingServers, failed.Failures);
            }

            using (reconstruction)
            {
                await ConfirmGuessesAsync(user, reconstruction, cancellationToken).ConfigureAwait(false);
                var liars = reconstruction.Liars.Select(l => _servers[l.Position].Name).ToList();
                if (reconstruction.Honest.Length != ServerCount)
                {
                    return new PasswordRefreshResult(false, $"a refresh needs all {ServerCount} servers answering honestly; {reconstruction.Honest.Length} did. Nothing was changed.", liars, reconstruction.Failures);
                }

                return await ApplyDeltasAsync(user, reconstruction, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    private async Task<PasswordRefreshResult> ApplyDeltasAsync(UserId user, Reconstruction reconstruction, CancellationToken cancellationToken)
    {
        BigInteger[] deltas = ScalarSharing.Split(BigInteger.Zero, Threshold, ServerCount, _randomScalar);
        Answer[] answers = [.. reconstruction.Honest.OrderBy(a => a.Position)];
        OprfResult[] applied = await Task.WhenAll(answers.Select(a => SendDeltaAsync(user, reconstruction, a, a.Result.Epoch, deltas[a.Position], cancellationToken))).ConfigureAwait(false);
        if (applied.All(r => r.IsOk))
        {
            return new PasswordRefreshResult(true, null, [], reconstruction.Failures);
        }

        var failures = applied.Select((r, j) => (r, a: answers[j])).Where(x => !x.r.IsOk).Select(x => Failure(x.a.Position, x.r)).ToList();

        // Roll back: -d_i at the epoch the refresh moved the record to.
        var done = answers.Where((a, j) => applied[j].IsOk).ToArray();
        OprfResult[] undone = await Task.WhenAll(done.Select(a =>
            SendDeltaAsync(user, reconstruction, a, a.Result.Epoch + 1, P256.Order.Subtract(deltas[a.Position]).Mod(P256.Order), cancellationToken))).ConfigureAwait(false);
        failures.AddRange(undone.Select((r, j) => (r, a: done[j])).Where(x => !x.r.IsOk)
            .Select(x => Failure(x.a.Position, x.r with { Problem = "its refresh could not be rolled back, so its share no longer combines with the others: " + x.r.Problem })));
        Array.Clear(deltas);
        return new PasswordRefreshResult(false, $"{applied.Count(r => !r.IsOk)} of {ServerCount} servers did not refresh; the others were rolled back.", [], failures);
    }

    private Task<OprfResult> SendDeltaAsync(UserId user, Reconstruction reconstruction, Answer answer, long epoch, BigInteger delta, CancellationToken cancellationToken)
    {
        byte[] deltaBytes = P256.ScalarToBytes(delta);
        byte[] proof = reconstruction.Proof(OprfProofs.RefreshLabel, user, answer, deltaBytes, epoch);
        return CallAsync(answer.Position, server => server.RefreshAsync(new OprfRefreshRequest(user, epoch, deltaBytes, proof), cancellationToken), cancellationToken);
    }
}
