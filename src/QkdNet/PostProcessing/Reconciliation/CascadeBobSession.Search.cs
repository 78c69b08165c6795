namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>BINARY bisection, bit flips and cascading back to earlier passes.</summary>
internal sealed partial class CascadeBobSession
{
    /// <summary>Opens a bisection of top-level block <paramref name="block"/> of pass <paramref name="pass"/>.</summary>
    private void StartSearch(int pass, int block)
    {
        CascadePass p = _passes[pass];
        ref CascadeBlockState state = ref _blocks[pass][block];
        state.Active = true;
        // Only called while the block's parities differ (Mismatch), so the version is current.
        _ready.Add(new CascadeSearch(pass, block, p.BlockStart(block), p.BlockLength(block), state.AliceParity, 1, state.Flips));
    }

    /// <summary>
    /// Runs every ready bisection as far as it goes without asking Alice: to a single bit (then
    /// flipped), to a range whose parity Alice must be asked (then queued), or to a range that no
    /// longer differs because a flip elsewhere changed it (then dropped and its block rechecked).
    /// </summary>
    private void AdvanceReady()
    {
        while (_ready.Count > 0)
        {
            CascadeSearch s = _ready[^1];
            _ready.RemoveAt(_ready.Count - 1);
            CascadePass pass = _passes[s.Pass];
            // A flip in the block since the range was last checked may have evened it out.
            if (s.Version != _blocks[s.Pass][s.Block].Flips && (pass.RangeParity(s.Start, s.Length) ^ s.AliceParity) == 0)
            {
                EndSearch(s);
                continue;
            }

            while (true)
            {
                if (s.Length == 1)
                {
                    Flip(pass.OriginalIndexOf(s.Start));
                    EndSearch(s);
                    break;
                }

                int half = s.Length >> 1;
                if (_known is not null && _known.TryGet(s.Pass, s.Block, 2 * s.Node, out int left))
                {
                    // Martinez-Mateo et al. 2015: a parity Bob already learned is never asked again.
                    s = Descend(s, left, remember: false);
                    continue;
                }

                _waiting.Add(s); // asks Alice for the parity of its first half (CascadeCodec.EncodeRequest)
                break;
            }
        }
    }

    private CascadeSearch Descend(CascadeSearch s, int aliceLeft) => Descend(s, aliceLeft, remember: true);

    /// <summary>
    /// One BINARY step (Brassard-Salvail 1993): Alice's parity of the first half and of the whole
    /// range give hers of the second half for free; the half whose parities differ holds an odd
    /// number of errors.
    /// </summary>
    private CascadeSearch Descend(CascadeSearch s, int aliceLeft, bool remember)
    {
        int half = s.Length >> 1;
        int aliceRight = s.AliceParity ^ aliceLeft;
        if (remember && _known is not null)
        {
            _known.SetChildren(s.Pass, s.Block, s.Node, aliceLeft, aliceRight);
        }

        int bobLeft = _passes[s.Pass].RangeParity(s.Start, half);
        int version = _blocks[s.Pass][s.Block].Flips;

        // The left half differs now (just computed); the right one does when the whole range still
        // does, known only if the block has not been flipped since it was checked: else the stale
        // version makes AdvanceReady recompute it.
        return (bobLeft ^ aliceLeft) != 0
            ? s with { Length = half, AliceParity = aliceLeft, Node = 2 * s.Node, Version = version }
            : s with { Start = s.Start + half, Length = s.Length - half, AliceParity = aliceRight, Node = (2 * s.Node) + 1 };
    }

    /// <summary>Closes a bisection and reopens its block if it still holds an odd number of errors.</summary>
    private void EndSearch(CascadeSearch s)
    {
        ref CascadeBlockState state = ref _blocks[s.Pass][s.Block];
        state.Active = false;
        if (state.Mismatch != 0)
        {
            StartSearch(s.Pass, s.Block);
        }
    }

    /// <summary>
    /// Corrects original bit <paramref name="original"/> in the key and the copies of the passes run so far, then
    /// cascades: every top-level block of a pass already run that holds the bit now has an odd
    /// parity difference if it had an even one, and gets bisected (Brassard-Salvail 1993, Sec. 4).
    /// </summary>
    private void Flip(int original)
    {
        _key.Flip(original);
        _bitsCorrected++;
        // Passes still to come take their copy and differences when they start (RunAsync).
        for (int q = 0; q <= _currentPass; q++)
        {
            CascadePass pass = _passes[q];
            int block = pass.FlipOriginal(original);
            ref CascadeBlockState state = ref _blocks[q][block];
            state.Flips++;
            byte odd = state.Mismatch ^= 1;
            if (odd != 0 && !state.Active)
            {
                StartSearch(q, block);
            }
        }
    }
}
