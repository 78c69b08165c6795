using Xunit.Abstractions;
using Xunit.Sdk;

namespace QkdNet.Tests.KeyManagement.Support;

/// <summary>Finds <see cref="ContractFactAttribute"/> tests; one skipped case when the class's environment is missing.</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        EnvironmentSkip.Reason(testMethod) is { } reason
            ? [new EnvironmentSkippedTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>Finds <see cref="ContractTheoryAttribute"/> tests; one skipped case when the class's environment is missing.</summary>
public sealed class ContractTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        EnvironmentSkip.Reason(testMethod) is { } reason
            ? [new EnvironmentSkippedTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

internal static class EnvironmentSkip
{
    /// <summary>The skip reason when the test's concrete class requires an environment variable that is unset; else null.</summary>
    public static string? Reason(ITestMethod testMethod)
    {
        foreach (IAttributeInfo requirement in testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentAttribute).AssemblyQualifiedName))
        {
            var arguments = requirement.GetConstructorArguments().ToList();
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable((string)arguments[0])))
            {
                return (string)arguments[1];
            }
        }

        return null;
    }
}
