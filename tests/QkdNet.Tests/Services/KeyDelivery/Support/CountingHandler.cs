using System.Net;
using System.Text;

namespace QkdNet.Tests.Services.KeyDelivery.Support;

/// <summary>A fake KME at the HTTP level: answers each request from a script (status and body, or a transport failure) and counts the calls.</summary>
public sealed class CountingHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _answers = new();
    private Func<HttpResponseMessage>? _always;

    public int Calls { get; private set; }

    public List<string> Paths { get; } = [];

    public List<string> Bodies { get; } = [];

    public CountingHandler Then(HttpStatusCode status, string json)
    {
        _answers.Enqueue(() => Answer(status, json));
        return this;
    }

    public CountingHandler ThenRefuseConnection()
    {
        _answers.Enqueue(() => throw new HttpRequestException("Connection refused (127.0.0.1:1)"));
        return this;
    }

    public CountingHandler Always(HttpStatusCode status, string json)
    {
        _always = () => Answer(status, json);
        return this;
    }

    public CountingHandler AlwaysRefuseConnection()
    {
        _always = () => throw new HttpRequestException("Connection refused (127.0.0.1:1)");
        return this;
    }

    public HttpClient Client() => new(this) { BaseAddress = new Uri("https://kme.test:8443/") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Calls++;
        Paths.Add(request.Method + " " + request.RequestUri!.AbsolutePath);
        Bodies.Add(request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken));
        Func<HttpResponseMessage> next = _answers.Count > 0 ? _answers.Dequeue() : _always ?? throw new InvalidOperationException("no answer scripted");
        return next();
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
