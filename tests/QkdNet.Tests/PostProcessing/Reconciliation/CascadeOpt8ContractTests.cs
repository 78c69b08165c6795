using QkdNet.PostProcessing.Reconciliation;

namespace QkdNet.Tests.PostProcessing.Reconciliation;

public sealed class CascadeOpt8ContractTests : ReconcilerContractTests
{
    protected override IReconciler CreateReconciler(Random publicSeeds) => new CascadeReconciler(CascadeParameters.OptimizedOpt8, SeedsFrom(publicSeeds));
}
