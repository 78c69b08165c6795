using QkdNet.PostProcessing.Reconciliation;

namespace QkdNet.Tests.PostProcessing.Reconciliation;

public sealed class CascadeOriginalContractTests : ReconcilerContractTests
{
    protected override IReconciler CreateReconciler() => new CascadeReconciler(CascadeParameters.Original);
}
