namespace QkdNet.Control.Topology.Json;

/// <summary>The JSON type of a <see cref="PositionedJson"/> value.</summary>
internal enum PositionedJsonKind
{
    Null = 0,
    Boolean = 1,
    Number = 2,
    String = 3,
    Array = 4,
    Object = 5,
}
