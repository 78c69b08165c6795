namespace QkdNet.Tests.KeyManagement.Support;

/// <summary>
/// On a test class: its <see cref="ContractFactAttribute"/> and <see cref="ContractTheoryAttribute"/> tests
/// (including inherited ones) are reported as skipped, with <paramref name="reason"/>, unless the environment
/// variable <paramref name="variable"/> is set and non-empty.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresEnvironmentAttribute(string variable, string reason) : Attribute
{
    public string Variable { get; } = variable;

    public string Reason { get; } = reason;
}
