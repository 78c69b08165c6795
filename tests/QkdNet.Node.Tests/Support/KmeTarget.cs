using QkdNet.Development.Pki;

namespace QkdNet.Node.Tests.Support;

/// <summary>
/// Any pair of KMEs under test: the master SAE's KME and the slave SAE's KME (the same URL when both SAEs sit on
/// one KME), a PEM folder with <c>ca.crt</c> and <c>NAME.crt</c>/<c>NAME.key</c> per SAE, and the SAE names.
/// </summary>
/// <param name="MasterUrl">The master SAE's KME.</param>
/// <param name="SlaveUrl">The slave SAE's KME.</param>
/// <param name="Pki">The PEM folder.</param>
/// <param name="Master">The master SAE.</param>
/// <param name="Slave">The slave SAE.</param>
/// <param name="SecondSlave">Another SAE at the slave's KME (multicast, and the "wrong slave" of 401 tests).</param>
/// <param name="MasterKme">The master SAE's KME ID: the name its server certificate must carry.</param>
/// <param name="SlaveKme">The slave SAE's KME ID.</param>
public sealed record KmeTarget(Uri MasterUrl, Uri SlaveUrl, string Pki, string Master, string Slave, string SecondSlave, string MasterKme, string SlaveKme)
{
    public HttpClient MasterClient() => EtsiClients.ForName(MasterUrl, Pki, Master, MasterKme);

    public HttpClient SlaveClient() => EtsiClients.ForName(SlaveUrl, Pki, Slave, SlaveKme);

    public HttpClient SecondSlaveClient() => EtsiClients.ForName(SlaveUrl, Pki, SecondSlave, SlaveKme);
}
