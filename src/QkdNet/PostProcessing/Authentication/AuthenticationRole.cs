namespace QkdNet.PostProcessing.Authentication;

/// <summary>Which end of the link a channel is; bound into every tag so a message cannot be reflected back.</summary>
public enum AuthenticationRole
{
    /// <summary>The initiating end (sends direction 0).</summary>
    Alice = 0,

    /// <summary>The responding end (sends direction 1).</summary>
    Bob = 1,
}
