using Xunit.Sdk;

namespace QkdNet.Tests.KeyManagement.Support;

/// <summary>A <see cref="FactAttribute"/> of a contract suite that skips when its concrete class's <see cref="RequiresEnvironmentAttribute"/> is unmet.</summary>
[XunitTestCaseDiscoverer("QkdNet.Tests.KeyManagement.Support.ContractFactDiscoverer", "QkdNet.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

/// <summary>A <see cref="TheoryAttribute"/> of a contract suite that skips when its concrete class's <see cref="RequiresEnvironmentAttribute"/> is unmet.</summary>
[XunitTestCaseDiscoverer("QkdNet.Tests.KeyManagement.Support.ContractTheoryDiscoverer", "QkdNet.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractTheoryAttribute : TheoryAttribute;
