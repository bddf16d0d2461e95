using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Email;
using Cohortly.Integrations.Email;
using Cohortly.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cohortly.Grains.Tests.Email;

/// <summary>SendGrid cannot run here: the real SendGrid client talks to a stub HTTP server, so only the far side is fake.</summary>
public sealed class SendGridTransportTests
{
    [Fact]
    public async Task AnEmailBecomesOneSendGridMailSendCallWithBothPartsHeadersAndAttachment()
    {
        await using var stub = await SendGridStub.StartAsync(HttpStatusCode.Accepted);
        var pdf = new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2d };
        var email = new OutgoingEmail("0123456789abcdef0123456789abcdef", "student@example.com", "certificate", "Your certificate",
            "<p>Hello</p>", "Hello", [new EmailAttachment("certificate.pdf", "application/pdf", pdf, null)],
            "https://cohortly.example/api/email/unsubscribe?user=u&category=marketing&token=t");

        await Sender(stub).SendAsync(email);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("/v3/mail/send", request.Path);
        Assert.Equal("Bearer SG.test-key", request.Authorization);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("student@example.com", body["personalizations"]![0]!["to"]![0]!["email"]!.ToString());
        Assert.Equal("Your certificate", (body["personalizations"]![0]!["subject"] ?? body["subject"])!.ToString());
        Assert.Equal("no-reply@cohortly.local", body["from"]!["email"]!.ToString());
        var content = body["content"]!.AsArray();
        Assert.Contains(content, part => part!["type"]!.ToString() == "text/plain" && part["value"]!.ToString() == "Hello");
        Assert.Contains(content, part => part!["type"]!.ToString() == "text/html" && part["value"]!.ToString() == "<p>Hello</p>");
        var attachment = body["attachments"]![0]!;
        Assert.Equal("certificate.pdf", attachment["filename"]!.ToString());
        Assert.Equal(Convert.ToBase64String(pdf), attachment["content"]!.ToString());
        var headers = (body["personalizations"]![0]!["headers"] ?? body["headers"])!;
        Assert.Equal("<https://cohortly.example/api/email/unsubscribe?user=u&category=marketing&token=t>", headers["List-Unsubscribe"]!.ToString());
        Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]!.ToString());
        Assert.Equal("<0123456789abcdef0123456789abcdef@cohortly.local>", headers["Message-ID"]!.ToString());
    }

    [Fact]
    public async Task ARefusalFromSendGridIsAFailedAttemptThatSaysWhy()
    {
        await using var stub = await SendGridStub.StartAsync(HttpStatusCode.BadRequest, "{\"errors\":[{\"message\":\"The from address does not match a verified Sender Identity.\"}]}");
        var email = new OutgoingEmail("fedcba9876543210fedcba9876543210", "student@example.com", "welcome", "Welcome", "<p>Hi</p>", "Hi", [], null);

        var refused = await Assert.ThrowsAsync<EmailTransportException>(() => Sender(stub).SendAsync(email));

        Assert.Contains("400", refused.Message, StringComparison.Ordinal);
        Assert.Contains("verified Sender Identity", refused.Message, StringComparison.Ordinal);
    }

    private static SendGridEmailSender Sender(SendGridStub stub)
    {
        var options = Options.Create(new EmailOptions { SendGrid = new SendGridOptions { ApiKey = "SG.test-key", Host = stub.Url } });
        var httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new SendGridEmailSender(options, httpClients);
    }

    private sealed record StubRequest(string Path, string? Authorization, string Body);

    /// <summary>An HTTP server on a loopback port that records requests and answers each with the given status.</summary>
    private sealed class SendGridStub : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<StubRequest> _requests = [];
        private Task _serving = Task.CompletedTask;

        public string Url { get; private set; } = "";

        public IReadOnlyList<StubRequest> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public static Task<SendGridStub> StartAsync(HttpStatusCode status, string answer = "")
        {
            var stub = new SendGridStub();
            stub.Url = $"http://127.0.0.1:{Ports.Free()}";
            stub._listener.Prefixes.Add(stub.Url + "/");
            stub._listener.Start();
            stub._serving = stub.ServeAsync(status, answer);
            return Task.FromResult(stub);
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            try
            {
                await _serving;
            }
            catch (Exception stopped) when (stopped is HttpListenerException or ObjectDisposedException)
            {
            }
            _listener.Close();
        }

        private async Task ServeAsync(HttpStatusCode status, string answer)
        {
            while (_listener.IsListening)
            {
                var context = await _listener.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                lock (_requests)
                {
                    _requests.Add(new StubRequest(context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body));
                }
                context.Response.StatusCode = (int)status;
                var bytes = System.Text.Encoding.UTF8.GetBytes(answer);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }
    }
}
