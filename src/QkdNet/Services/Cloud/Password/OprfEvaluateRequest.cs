namespace QkdNet.Services.Cloud.Password;

/// <summary>Evaluate the user's key share at the blinded element a = r * H1(pw): one online password guess.</summary>
public sealed record OprfEvaluateRequest(UserId User, GroupElement BlindedElement);
