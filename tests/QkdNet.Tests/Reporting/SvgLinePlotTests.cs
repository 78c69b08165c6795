using QkdNet.Reporting;

namespace QkdNet.Tests.Reporting;

public sealed class SvgLinePlotTests
{
    [Fact]
    public void LinearY_DrawsZeroValues_WhichTheLogAxisLeavesOut()
    {
        (double, double)[] points = [(0, 0), (1, 0.5), (2, 0)];

        string linear = new SvgLinePlot("t", "x", "y") { LinearY = true }.Add("s", points).Render();
        string log = new SvgLinePlot("t", "x", "y").Add("s", points).Render();

        Assert.Equal(3, PathPoints(linear));
        Assert.Equal(1, PathPoints(log));
        Assert.Contains(">0<", linear, StringComparison.Ordinal); // a tick labelled 0, not 1e-1
    }

    private static int PathPoints(string svg)
    {
        int start = svg.IndexOf("<path d=\"", StringComparison.Ordinal) + 9;
        string d = svg[start..svg.IndexOf('"', start)];
        return d.Count(c => c is 'M' or 'L');
    }
}
