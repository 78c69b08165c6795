namespace QkdNet.Services.Cloud.Password;

/// <summary>A server that did not give a usable answer: its name, share index, and why (never a secret).</summary>
public sealed record ServerFailure(string Server, int ShareIndex, OprfStatus Status, string Reason);
