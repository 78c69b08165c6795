using System.Globalization;
using System.Net;
using System.Text;

namespace QkdNet.Reporting;

/// <summary>
/// A small, dependency-free line plot written as SVG, with a linear x axis and a logarithmic y axis
/// (the natural scale of key rate against distance). Non-positive y values are left out of a line.
/// </summary>
public sealed class SvgLinePlot(string title, string xLabel, string yLabel)
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"];
    private readonly List<(string Name, IReadOnlyList<(double X, double Y)> Points, bool Dashed)> _series = [];

    /// <summary>A linear y axis from 0 (or the lowest value, if negative) to the highest value, instead of the logarithmic one; every finite y is drawn.</summary>
    public bool LinearY { get; init; }

    /// <summary>Adds a named line.</summary>
    public SvgLinePlot Add(string name, IReadOnlyList<(double X, double Y)> points, bool dashed = false)
    {
        _series.Add((name, points, dashed));
        return this;
    }

    /// <summary>Renders the plot as an SVG document of the given size in pixels.</summary>
    public string Render(int width = 900, int height = 560)
    {
        const double left = 90, right = 210, top = 50, bottom = 60;
        var valid = _series.SelectMany(s => s.Points).Where(p => (LinearY || p.Y > 0) && double.IsFinite(p.Y)).ToList();
        if (valid.Count == 0)
        {
            valid.Add((0, 1));
        }

        double xMin = _series.SelectMany(s => s.Points).Select(p => p.X).DefaultIfEmpty(0).Min();
        double xMax = _series.SelectMany(s => s.Points).Select(p => p.X).DefaultIfEmpty(1).Max();
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        int decadeLo = LinearY ? 0 : (int)Math.Floor(Math.Log10(valid.Min(p => p.Y)));
        int decadeHi = LinearY ? 5 : (int)Math.Ceiling(Math.Log10(valid.Max(p => p.Y)));
        if (decadeHi == decadeLo)
        {
            decadeHi++;
        }

        double yLo = Math.Min(0, valid.Min(p => p.Y)), yHi = valid.Max(p => p.Y);
        if (yHi <= yLo)
        {
            yHi = yLo + 1;
        }

        double plotW = width - left - right, plotH = height - top - bottom;
        double Px(double x) => left + ((x - xMin) / (xMax - xMin) * plotW);
        double Py(double y) => LinearY
            ? top + ((yHi - y) / (yHi - yLo) * plotH)
            : top + ((decadeHi - Math.Log10(y)) / (decadeHi - decadeLo) * plotH);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"13\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">{Escape(title)}</text>\n");

        for (int d = decadeLo; d <= decadeHi; d++)
        {
            double value = LinearY ? yLo + ((yHi - yLo) * d / decadeHi) : Math.Pow(10, d);
            double y = Py(value);
            string label = LinearY ? value.ToString("0.###", CultureInfo.InvariantCulture) : $"1e{d}";
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{y:0.#}\" x2=\"{left + plotW}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{label}</text>\n");
        }

        for (int i = 0; i <= 10; i++)
        {
            double xv = xMin + ((xMax - xMin) * i / 10);
            double x = Px(xv);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" y1=\"{top}\" x2=\"{x:0.#}\" y2=\"{top + plotH}\" stroke=\"#eee\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{top + plotH + 20}\" text-anchor=\"middle\">{xv:0.##}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"black\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (plotW / 2)}\" y=\"{height - 15}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(22,{top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n");

        for (int s = 0; s < _series.Count; s++)
        {
            var (name, points, dashed) = _series[s];
            string color = Palette[s % Palette.Length];
            var path = new StringBuilder();
            bool pen = false;
            foreach (var (x, y) in points)
            {
                if (double.IsFinite(y) && (LinearY || (y > 0 && Math.Log10(y) >= decadeLo)))
                {
                    path.Append(CultureInfo.InvariantCulture, $"{(pen ? 'L' : 'M')}{Px(x):0.##},{Py(y):0.##} ");
                    pen = true;
                }
                else
                {
                    pen = false;
                }
            }

            string dash = dashed ? " stroke-dasharray=\"6,4\"" : string.Empty;
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>\n");
            double ly = top + 20 + (s * 22);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left + plotW + 15}\" y1=\"{ly}\" x2=\"{left + plotW + 45}\" y2=\"{ly}\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW + 52}\" y=\"{ly + 4}\">{Escape(name)}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
