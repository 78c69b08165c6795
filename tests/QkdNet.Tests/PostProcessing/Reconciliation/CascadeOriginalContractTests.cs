using QkdNet.PostProcessing.Reconciliation;

namespace QkdNet.Tests.PostProcessing.Reconciliation;

public sealed class CascadeOriginalContractTests : ReconcilerContractTests
{
    protected override IReconciler CreateReconciler(Random publicSeeds) => new CascadeReconciler(CascadeParameters.Original, SeedsFrom(publicSeeds));
}
