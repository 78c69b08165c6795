using System.Globalization;

namespace QkdNet.Services.Statistics.Query;

/// <summary>
/// Parses the statistics query language (docs/statistics.md):
/// <code>
/// query     = aggregate { "," aggregate } [ "by" column ] [ "where" condition { "and" condition } ]
/// aggregate = "count" "(" [ "*" ] ")" | ("sum" | "mean" | "var" | "stddev" | "min" | "max") "(" column ")"
///           | "cov" "(" column "," column ")" | "histogram" "(" column "," "[" number { "," number } "]" ")"
/// condition = column ( "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "=" | "!=" ) ( number | 'category' | column )
/// </code>
/// Keywords and names are case-insensitive. A malformed query fails with one message naming the 1-based position.
/// Thread-safe (no state).
/// </summary>
public static class QueryParser
{
    private static readonly Dictionary<string, AggregateKind> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["count"] = AggregateKind.Count,
        ["sum"] = AggregateKind.Sum,
        ["mean"] = AggregateKind.Mean,
        ["var"] = AggregateKind.Variance,
        ["stddev"] = AggregateKind.StdDev,
        ["cov"] = AggregateKind.Covariance,
        ["histogram"] = AggregateKind.Histogram,
        ["min"] = AggregateKind.Min,
        ["max"] = AggregateKind.Max,
    };

    public static Result<StatQuery> Parse(string text)
    {
        var tokens = Tokenizer.Tokenize(text);
        if (!tokens.IsSuccess)
        {
            return Result<StatQuery>.Fail(tokens.Error!);
        }

        var parser = new Cursor(tokens.Value, text);
        try
        {
            return parser.Query();
        }
        catch (FormatException e)
        {
            return Result<StatQuery>.Fail(e.Message);
        }
    }

    private enum TokenKind
    {
        Identifier,
        Number,
        String,
        Symbol,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Position)
    {
        public string Describe() => Kind == TokenKind.End ? "the end of the query" : $"'{Text}'";
    }

    private static class Tokenizer
    {
        public static Result<List<Token>> Tokenize(string text)
        {
            var tokens = new List<Token>();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                int start = i;
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (char.IsLetter(c) || c == '_')
                {
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }

                    tokens.Add(new(TokenKind.Identifier, text[start..i], start + 1));
                }
                else if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] == '.')) || c == '.')
                {
                    i++;
                    while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
                    {
                        i++;
                    }

                    tokens.Add(new(TokenKind.Number, text[start..i], start + 1));
                }
                else if (c == '\'')
                {
                    int close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return Result<List<Token>>.Fail($"position {start + 1}: a quoted category has no closing quote.");
                    }

                    tokens.Add(new(TokenKind.String, text[(i + 1)..close], start + 1));
                    i = close + 1;
                }
                else if (i + 1 < text.Length && text.Substring(i, 2) is "<=" or ">=" or "!=")
                {
                    tokens.Add(new(TokenKind.Symbol, text.Substring(i, 2), start + 1));
                    i += 2;
                }
                else if ("(),[]<>=*".Contains(c, StringComparison.Ordinal))
                {
                    tokens.Add(new(TokenKind.Symbol, c.ToString(), start + 1));
                    i++;
                }
                else
                {
                    return Result<List<Token>>.Fail($"position {start + 1}: unexpected character '{c}'.");
                }
            }

            tokens.Add(new(TokenKind.End, "", text.Length + 1));
            return tokens;
        }
    }

    private sealed class Cursor(List<Token> tokens, string text)
    {
        private int _next;

        private Token Peek => tokens[_next];

        public StatQuery Query()
        {
            if (Peek.Kind == TokenKind.End)
            {
                throw Error("an aggregate such as count() or mean(column)");
            }

            var aggregates = new List<AggregateSpec> { Aggregate() };
            while (TryKeyword(","))
            {
                aggregates.Add(Aggregate());
            }

            string? groupBy = null;
            if (TryKeyword("by"))
            {
                groupBy = Identifier("a column name after 'by'");
            }

            var filters = new List<Condition>();
            if (TryKeyword("where"))
            {
                filters.Add(Condition());
                while (TryKeyword("and"))
                {
                    filters.Add(Condition());
                }
            }

            if (Peek.Kind != TokenKind.End)
            {
                throw Error(filters.Count > 0 ? "'and' or the end of the query" : groupBy is not null ? "'where' or the end of the query" : "',', 'by', 'where' or the end of the query");
            }

            return new StatQuery(aggregates, groupBy, filters);
        }

        private AggregateSpec Aggregate()
        {
            Token name = Peek;
            if (name.Kind != TokenKind.Identifier || !Functions.TryGetValue(name.Text, out AggregateKind kind))
            {
                throw Error("an aggregate function (count, sum, mean, var, stddev, min, max, cov, histogram)");
            }

            _next++;
            Expect("(");
            string? column = null, column2 = null;
            var edges = new List<decimal>();
            switch (kind)
            {
                case AggregateKind.Count:
                    TryKeyword("*");
                    break;
                case AggregateKind.Covariance:
                    column = Identifier("a column name");
                    Expect(",");
                    column2 = Identifier("a second column name");
                    break;
                case AggregateKind.Histogram:
                    column = Identifier("a column name");
                    Expect(",");
                    Expect("[");
                    edges.Add(Number());
                    while (TryKeyword(","))
                    {
                        edges.Add(Number());
                    }

                    Expect("]");
                    if (edges.Zip(edges.Skip(1)).Any(p => p.First >= p.Second))
                    {
                        throw new FormatException($"position {name.Position}: histogram edges must increase.");
                    }

                    break;
                default:
                    column = Identifier("a column name");
                    break;
            }

            Token close = Peek;
            Expect(")");
            int end = close.Position;
            return new AggregateSpec(kind, column, column2, edges, name.Position) { Text = text[(name.Position - 1)..end] };
        }

        private Condition Condition()
        {
            Token column = Peek;
            string name = Identifier("a column name");
            Token op = Peek;
            CompareOp compare = op.Text switch
            {
                "<" when op.Kind == TokenKind.Symbol => CompareOp.Less,
                "<=" when op.Kind == TokenKind.Symbol => CompareOp.LessOrEqual,
                ">" when op.Kind == TokenKind.Symbol => CompareOp.Greater,
                ">=" when op.Kind == TokenKind.Symbol => CompareOp.GreaterOrEqual,
                "=" when op.Kind == TokenKind.Symbol => CompareOp.Equal,
                "!=" when op.Kind == TokenKind.Symbol => CompareOp.NotEqual,
                _ => throw Error("a comparison (<, <=, >, >=, =, !=)"),
            };
            _next++;
            Token value = Peek;
            switch (value.Kind)
            {
                case TokenKind.Number:
                    return new Condition(name, compare, Number(), null, null, column.Position);
                case TokenKind.String:
                    _next++;
                    return new Condition(name, compare, null, value.Text, null, column.Position);
                case TokenKind.Identifier when !IsKeyword(value.Text):
                    _next++;
                    return new Condition(name, compare, null, null, value.Text, column.Position);
                default:
                    throw Error("a number, a quoted category or a column name");
            }
        }

        private decimal Number()
        {
            Token token = Peek;
            if (token.Kind != TokenKind.Number || !decimal.TryParse(token.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            {
                throw Error("a number");
            }

            _next++;
            return value;
        }

        private string Identifier(string expected)
        {
            Token token = Peek;
            if (token.Kind != TokenKind.Identifier || IsKeyword(token.Text))
            {
                throw Error(expected);
            }

            _next++;
            return token.Text;
        }

        private void Expect(string symbol)
        {
            if (!TryKeyword(symbol))
            {
                throw Error($"'{symbol}'");
            }
        }

        private bool TryKeyword(string keyword)
        {
            if (Peek.Kind is TokenKind.Symbol or TokenKind.Identifier && string.Equals(Peek.Text, keyword, StringComparison.OrdinalIgnoreCase))
            {
                _next++;
                return true;
            }

            return false;
        }

        private static bool IsKeyword(string word) => word.ToLowerInvariant() is "by" or "where" or "and";

        private FormatException Error(string expected) =>
            new($"position {Peek.Position}: expected {expected}, found {Peek.Describe()}.");
    }
}
