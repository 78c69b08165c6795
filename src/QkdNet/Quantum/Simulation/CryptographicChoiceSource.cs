using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace QkdNet.Quantum.Simulation;

/// <summary>
/// Choices from <see cref="RandomNumberGenerator"/>, read in blocks of 4096 words; each word is
/// zeroed in the buffer as it is handed out. Not thread-safe.
/// </summary>
public sealed class CryptographicChoiceSource : ChoiceSource
{
    private readonly ulong[] _buffer = new ulong[4096];
    private int _next = 4096;

    /// <inheritdoc />
    public override bool IsKeyGrade => true;

    /// <inheritdoc />
    public override ulong NextWord()
    {
        if (_next == _buffer.Length)
        {
            RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(_buffer.AsSpan()));
            _next = 0;
        }

        ulong w = _buffer[_next];
        _buffer[_next++] = 0;
        return w;
    }
}
