using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace QkdNet.Tests.KeyManagement.Support;

/// <summary>A test case reported as skipped with a reason decided at discovery (xunit 2 reads skips only from the attribute).</summary>
public sealed class EnvironmentSkippedTestCase : XunitTestCase
{
    private string _reason = string.Empty;

    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public EnvironmentSkippedTestCase()
    {
    }

    public EnvironmentSkippedTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod, string reason)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod) => _reason = reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("SkipReason", _reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("SkipReason");
        base.Deserialize(data);
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;
}
