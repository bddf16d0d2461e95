using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Cluster;

/// <summary>
/// Mutual TLS by configuration: two silos and a front end, each on a certificate from an authority made here, serve the
/// product; a process holding no certificate, or one from another authority, is turned away at the silo and gateway ports.
/// </summary>
public sealed class ClusterTlsTests : IAsyncLifetime
{
    private const string Password = "test-only";
    private readonly TempDirectory _certificates = new("cohortly-tls");
    private X509Certificate2 _authority = null!;
    private X509Certificate2 _member = null!;
    private X509Certificate2 _stranger = null!;
    private ProcessCluster? _cluster;

    public async Task InitializeAsync()
    {
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _authority = Authority("CN=Cohortly test cluster authority", authorityKey);
        _member = Issue(_authority, "CN=cohortly-node");
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var strangerAuthority = Authority("CN=Someone else's authority", strangerKey);
        _stranger = Issue(strangerAuthority, "CN=cohortly-node");

        var certificatePath = Path.Combine(_certificates.Path, "node.pfx");
        var authorityPath = Path.Combine(_certificates.Path, "authority.pem");
        await File.WriteAllBytesAsync(certificatePath, _member.Export(X509ContentType.Pkcs12, Password));
        await File.WriteAllTextAsync(authorityPath, _authority.ExportCertificatePem());

        // Two silos that must join each other and a front end that must reach them, all over mutual TLS.
        _cluster = await ProcessCluster.StartAsync("tls", silos: 2, frontends: 1, new Dictionary<string, string>
        {
            ["Cohortly__Orleans__Tls__CertificatePath"] = certificatePath,
            ["Cohortly__Orleans__Tls__CertificatePassword"] = Password,
            ["Cohortly__Orleans__Tls__AuthorityPath"] = authorityPath,
        });
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        _member.Dispose();
        _stranger.Dispose();
        _authority.Dispose();
        _certificates.Dispose();
    }

    [Fact]
    public async Task OnlyProcessesHoldingTheClustersCertificateReachItsSilosAndTheProductWorksThroughThem()
    {
        // Two silos joined each other and a front end reached them: the whole account flow runs over the TLS links.
        var http = _cluster!.Frontends[0].Http;
        var tokens = await http.RegisterAsync(ApiClient.UniqueEmail("tls"), displayName: "Over TLS");
        using (var me = await http.SendAsync(HttpMethod.Get, "/api/me", tokens.AccessToken))
        {
            await me.ExpectAsync(HttpStatusCode.OK);
        }

        foreach (var (siloPort, gatewayPort) in _cluster.SiloPorts)
        {
            foreach (var port in new[] { siloPort, gatewayPort })
            {
                // A member is served (the silo proved it holds the cluster's certificate, or the handshake would throw).
                Assert.True(await IsServedAsync(port, _member), $"port {port} turned away a member");
                Assert.False(await IsServedAsync(port, _stranger), $"port {port} served a certificate from another authority");
                Assert.False(await IsServedAsync(port, certificate: null), $"port {port} served a peer without a certificate");
            }
        }
    }

    private async Task<SslStream> HandshakeAsync(int port, X509Certificate2? certificate)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, 
            (_, presented, _, _) => presented?.GetCertHashString() == _member.Thumbprint);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "cohortly-node",
            ClientCertificates = certificate is null ? null : [certificate],
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        }, deadline.Token);
        return stream;
    }

    /// <summary>
    /// True when the port keeps talking to this peer after the handshake. With TLS 1.3 the server judges the client's
    /// certificate after the client has finished its side, so a refusal shows as an alert or a closed stream on the
    /// first read; a member's connection stays open and silent (the silo waits for an Orleans preamble).
    /// </summary>
    private async Task<bool> IsServedAsync(int port, X509Certificate2? certificate)
    {
        try
        {
            await using var stream = await HandshakeAsync(port, certificate);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            return await stream.ReadAsync(new byte[1], wait.Token) > 0;
        }
        catch (OperationCanceledException)
        {
            // Still open and silent after the wait: the server accepted this peer.
            return true;
        }
        catch (Exception refused) when (refused is AuthenticationException or IOException or SocketException)
        {
            return false;
        }
    }

    private static X509Certificate2 Authority(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>One certificate per cluster member, good for both ends of a connection (silos dial each other).</summary>
    private static X509Certificate2 Issue(X509Certificate2 authority, string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        // A day inside the authority's own validity: "now + 30 days" read a second after the authority's was refused as outliving it.
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(16));
        // Through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12, Password), Password);
    }
}
