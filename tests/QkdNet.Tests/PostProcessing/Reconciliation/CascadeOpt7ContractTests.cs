using QkdNet.PostProcessing.Reconciliation;

namespace QkdNet.Tests.PostProcessing.Reconciliation;

public sealed class CascadeOpt7ContractTests : ReconcilerContractTests
{
    protected override IReconciler CreateReconciler(Random publicSeeds) => new CascadeReconciler(CascadeParameters.OptimizedOpt7, SeedsFrom(publicSeeds));
}
