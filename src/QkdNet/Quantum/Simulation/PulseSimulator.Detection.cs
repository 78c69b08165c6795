using QkdNet.Quantum.Physics;

namespace QkdNet.Quantum.Simulation;

public sealed partial class PulseSimulator
{
    private ulong _choiceWord;
    private int _choiceBits;
    private ulong _coinWord;
    private int _coinBits;

    private int ChoiceBit()
    {
        if (_choiceBits == 0)
        {
            _choiceWord = _choices.NextWord();
            _choiceBits = 64;
        }

        int b = (int)(_choiceWord & 1);
        _choiceWord >>= 1;
        _choiceBits--;
        return b;
    }

    private int CoinBit()
    {
        if (_coinBits == 0)
        {
            _coinWord = _random.NextUInt64();
            _coinBits = 64;
        }

        int b = (int)(_coinWord & 1);
        _coinWord >>= 1;
        _coinBits--;
        return b;
    }

    /// <summary>Draws everything about one pulse known to click, and records it.</summary>
    private void Detect(long slot, SegmentTables tables, RecordBuilder sink, RunCounts counts)
    {
        double u = _random.NextDouble();
        int k = u < tables.IntensityGivenClick0 ? 0 : u < tables.IntensityGivenClick01 ? 1 : 2;
        PhotonTable table = tables.Photons[k];

        int aliceBit = ChoiceBit(), aliceBasis = ChoiceBit(), bobBasis = ChoiceBit();

        // What arrives: photons (Poisson or the PNS mixture, conditioned on a click) and dark counts.
        int photons;
        bool click0 = false, click1 = false;
        if (_random.NextDouble() < table.SignalGivenClick)
        {
            photons = table.SampleAtLeastOne(_random.NextDouble());
            if (_random.NextDouble() < tables.AnyDark)
            {
                // At least one dark count: detector 0 with probability 1/(2 - pd), else detector 1.
                SetDarks(tables.DarkPerDetector, ref click0, ref click1);
            }
        }
        else
        {
            photons = 0;
            SetDarks(tables.DarkPerDetector, ref click0, ref click1);
        }

        // The state the photons carry: Alice's, or Eve's resent one.
        int stateBit = aliceBit, stateBasis = aliceBasis;
        if (tables.InterceptFraction > 0 && _random.NextDouble() < tables.InterceptFraction)
        {
            // Eve measures in a random basis: right basis, Alice's bit; wrong basis, a random bit.
            int eveBasis = CoinBit();
            stateBit = eveBasis == aliceBasis ? aliceBit : CoinBit();
            stateBasis = eveBasis;
        }

        for (int i = 0; i < photons; i++)
        {
            int detector = bobBasis == stateBasis
                ? stateBit ^ (_random.NextDouble() < tables.Misalignment ? 1 : 0)
                : CoinBit();
            if (detector == 0)
            {
                click0 = true;
            }
            else
            {
                click1 = true;
            }
        }

        bool doubleClick = click0 && click1;
        int bobBit = doubleClick ? CoinBit() : click1 ? 1 : 0;
        sink.Add(slot, aliceBit, aliceBasis, (Intensity)k, bobBit, bobBasis, doubleClick);

        counts.Detections[k]++;
        counts.Pulses[k]++;
        if (aliceBasis == bobBasis)
        {
            counts.Sifted[k]++;
            if (aliceBit != bobBit)
            {
                counts.Errors[k]++;
            }
        }
    }

    private void SetDarks(double pd, ref bool click0, ref bool click1)
    {
        if (_random.NextDouble() * (2 - pd) < 1)
        {
            click0 = true;
            click1 |= _random.NextDouble() < pd;
        }
        else
        {
            click1 = true;
        }
    }
}
