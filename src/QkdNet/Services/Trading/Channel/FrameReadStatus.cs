namespace QkdNet.Services.Trading.Channel;

/// <summary>The outcome of reading one length-prefixed frame.</summary>
public enum FrameReadStatus
{
    /// <summary>A whole frame was read.</summary>
    Frame = 0,

    /// <summary>The peer closed the connection between frames.</summary>
    EndOfStream,

    /// <summary>The peer closed the connection inside a frame.</summary>
    TruncatedFrame,

    /// <summary>The length prefix exceeds the buffer given; the connection is no longer usable.</summary>
    FrameTooLarge,
}
