namespace QkdNet.Services.Cloud.Password;

/// <summary>How a TOPPSS set-up ended.</summary>
public enum PasswordSetupStatus
{
    /// <summary>Every server holds its record.</summary>
    Done,

    /// <summary>The user, password or secret is out of range; nothing was sent.</summary>
    InvalidInput,

    /// <summary>A server already holds a record for the user; the records enrolled elsewhere were removed again.</summary>
    AlreadyEnrolled,

    /// <summary>Some servers did not take their record; the ones that did were removed again (see the failures).</summary>
    ServersFailed,
}
