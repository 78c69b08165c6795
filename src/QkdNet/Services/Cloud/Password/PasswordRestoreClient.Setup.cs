using System.Security.Cryptography;
using Org.BouncyCastle.Math;

namespace QkdNet.Services.Cloud.Password;

public sealed partial class PasswordRestoreClient
{
    /// <summary>
    /// TOPPSS initialisation (the PPSS protocol): draws the OPRF key k, gives server i its Shamir share k_i over Z_q, the tag v and
    /// its confirmation key c_i from rwd = F_k(pw), and the envelope sealing <paramref name="secret"/> (1 to 64 KiB)
    /// under the envelope key. All n servers must take their record; otherwise the ones that did are removed again.
    /// </summary>
    public async Task<PasswordSetupResult> SetupAsync(UserId user, string password, ReadOnlyMemory<byte> secret, CancellationToken cancellationToken = default)
    {
        if (user.Value is null)
        {
            return new PasswordSetupResult(PasswordSetupStatus.InvalidInput, "no user name.", []);
        }

        if (secret.Length is 0 or > PasswordEnvelope.MaxSecretBytes)
        {
            return new PasswordSetupResult(PasswordSetupStatus.InvalidInput, $"the secret must be 1 to {PasswordEnvelope.MaxSecretBytes} bytes (got {secret.Length}).", []);
        }

        if (EncodePassword(password, out byte[] passwordBytes) is { } problem)
        {
            return new PasswordSetupResult(PasswordSetupStatus.InvalidInput, problem, []);
        }

        OprfServerRecord[] records;
        byte[][] confirmationKeys;
        try
        {
            (records, confirmationKeys) = BuildRecords(user, passwordBytes, secret.Span);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }

        try
        {
            OprfResult[] results = await Task.WhenAll(records.Select((record, i) =>
                CallAsync(i, server => server.EnrollAsync(new OprfEnrollRequest(record), cancellationToken), cancellationToken))).ConfigureAwait(false);
            if (results.All(r => r.IsOk))
            {
                return new PasswordSetupResult(PasswordSetupStatus.Done, null, []);
            }

            var failures = results.Select((r, i) => (r, i)).Where(x => !x.r.IsOk).Select(x => Failure(x.i, x.r)).ToList();
            failures.AddRange(await RollBackAsync(user, results, confirmationKeys, cancellationToken).ConfigureAwait(false));
            bool enrolledElsewhere = results.Any(r => r.Status == OprfStatus.AlreadyEnrolled);
            return new PasswordSetupResult(
                enrolledElsewhere ? PasswordSetupStatus.AlreadyEnrolled : PasswordSetupStatus.ServersFailed,
                enrolledElsewhere
                    ? "a share server already holds a record for this user; nothing was set up (change the password instead)."
                    : $"{failures.Count} of {ServerCount} share servers did not take their record; nothing was set up.",
                failures);
        }
        finally
        {
            foreach (var record in records)
            {
                record.Dispose();
            }

            foreach (var key in confirmationKeys)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    private (OprfServerRecord[] Records, byte[][] ConfirmationKeys) BuildRecords(UserId user, byte[] password, ReadOnlySpan<byte> secret)
    {
        BigInteger key = _randomScalar();
        BigInteger[] shares = ScalarSharing.Split(key, Threshold, ServerCount, _randomScalar);
        using var keys = PasswordKeys.Evaluate(user, password, key);
        byte[] tag = keys.Tag();
        byte[] envelopeKey = keys.EnvelopeKey();
        byte[] envelope = PasswordEnvelope.Seal(envelopeKey, user, secret);
        CryptographicOperations.ZeroMemory(envelopeKey);

        var records = new OprfServerRecord[ServerCount];
        var confirmationKeys = new byte[ServerCount][];
        for (int i = 0; i < ServerCount; i++)
        {
            // A share is 0 with probability n/q (2^-248 for n = 255); the record refuses it and the set-up is a bug report.
            byte[] share = P256.ScalarToBytes(shares[i]);
            confirmationKeys[i] = keys.ConfirmationKey(i + 1);
            records[i] = OprfServerRecord.Create(user, i + 1, 0, share, tag, confirmationKeys[i], envelope).Value;
            CryptographicOperations.ZeroMemory(share);
        }

        // BouncyCastle's BigInteger is immutable: k and its shares cannot be zeroed, only dropped (docs/cloud-password.md).
        Array.Clear(shares);
        return (records, confirmationKeys);
    }

    private async Task<IEnumerable<ServerFailure>> RollBackAsync(UserId user, OprfResult[] results, byte[][] confirmationKeys, CancellationToken cancellationToken)
    {
        var enrolled = Enumerable.Range(0, results.Length).Where(i => results[i].IsOk).ToArray();
        OprfResult[] removals = await Task.WhenAll(enrolled.Select(i => CallAsync(i, server => server.RemoveAsync(
            new OprfRemoveRequest(user, 0, OprfProofs.Compute(confirmationKeys[i], OprfProofs.RemoveLabel, user, 0, [])), cancellationToken), cancellationToken))).ConfigureAwait(false);
        return removals.Select((r, j) => (r, i: enrolled[j])).Where(x => !x.r.IsOk)
            .Select(x => Failure(x.i, x.r with { Problem = "the rollback of its record failed: " + x.r.Problem }));
    }
}
