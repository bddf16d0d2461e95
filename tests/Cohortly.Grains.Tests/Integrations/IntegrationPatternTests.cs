using Cohortly.Common;
using Cohortly.Email;
using Cohortly.Integrations;
using Cohortly.Integrations.Certificates;
using Cohortly.Integrations.Email;
using Cohortly.Integrations.Images;
using Cohortly.Integrations.Payments;
using Cohortly.Integrations.Scanning;
using Cohortly.Integrations.Storage;
using Cohortly.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cohortly.Grains.Tests.Integrations;

/// <summary>AddCohortlyIntegrations as a host sees it: what each port resolves to, what is reported, what is refused.</summary>
public sealed class IntegrationPatternTests : IDisposable
{
    private readonly TempDirectory _data = new("cohortly-integrations");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task WithNothingConfiguredEveryPortIsItsEmbeddedStandIn()
    {
        // Asynchronously: the scanner stand-in and the SMTP adapter are IAsyncDisposable only.
        await using var services = Build([]);

        Assert.IsType<DevMailbox>(services.GetRequiredService<IEmailSender>());
        Assert.IsType<LocalDiskStorage>(services.GetRequiredService<IObjectStorage>());
        Assert.IsType<NoScanner>(services.GetRequiredService<IUploadScanner>());
        Assert.IsType<SkiaImageProcessor>(services.GetRequiredService<IImageProcessor>());
        var choices = services.GetServices<IntegrationChoice>().ToDictionary(c => c.Integration);
        Assert.IsType<EmbeddedTestGateway>(services.GetRequiredService<IPaymentGateway>());
        Assert.Equal(["Certificates", "Email", "Images", "Meetings", "Payments", "Scanning", "Storage"], choices.Keys.Order());
        Assert.True(choices["Meetings"].Embedded);
        Assert.True(choices["Payments"].Embedded);
        Assert.True(choices["Certificates"].Embedded);
        Assert.True(choices["Email"].Embedded);
        Assert.True(choices["Storage"].Embedded);
        Assert.True(choices["Scanning"].Embedded);
        // SkiaSharp runs in process in both modes: there is no stand-in to report.
        Assert.False(choices["Images"].Embedded);
    }

    [Fact]
    public async Task ConfiguredIntegrationsGetTheirRealAdaptersUnderTheDocumentedKeys()
    {
        await using var services = Build(new()
        {
            ["Cohortly:Email:Smtp:Host"] = "127.0.0.1",
            ["Cohortly:Storage:Bucket"] = "files",
            ["Cohortly:Storage:ServiceUrl"] = "http://127.0.0.1:9",
            ["Cohortly:Storage:AccessKey"] = "key",
            ["Cohortly:Storage:SecretKey"] = "secret",
            // The scanner stays under Storage, where README has always put it.
            ["Cohortly:Storage:ClamAv:Host"] = "127.0.0.1",
            ["Cohortly:Stripe:SecretKey"] = "sk_test_123",
            ["Cohortly:Stripe:WebhookSecret"] = "whsec_123",
            ["Cohortly:Stripe:PublicUrl"] = "https://cohortly.example",
            // Only reported here, not loaded: the report reads which keys are configured.
            ["Cohortly:Certificates:SigningKey"] = Convert.ToBase64String(new byte[32]),
            ["Cohortly:Certificates:PdfCertificate"] = "cGtjczEy",
        });

        Assert.IsType<SmtpEmailSender>(services.GetRequiredService<IEmailSender>());
        Assert.IsType<S3ObjectStorage>(services.GetRequiredService<IObjectStorage>());
        Assert.IsType<ClamAvScanner>(services.GetRequiredService<IUploadScanner>());
        Assert.IsType<StripeGateway>(services.GetRequiredService<IPaymentGateway>());
        // Meetings has no outside adapter yet (Zoom is to come): its own live room is all there is.
        Assert.All(services.GetServices<IntegrationChoice>().Where(choice => choice.Integration != "Meetings"), choice => Assert.False(choice.Embedded, choice.Integration));
    }

    [Theory]
    [InlineData("Cohortly:Storage:PartSizeBytes", "1000", "Cohortly:Storage:PartSizeBytes")]
    [InlineData("Cohortly:Storage:LinkSigningKey", "not base64!", "Cohortly:Storage:LinkSigningKey")]
    [InlineData("Cohortly:Storage:LinkSigningKey", "c2hvcnQ=", "Cohortly:Storage:LinkSigningKey")]
    [InlineData("Cohortly:Storage:Provider", "S3", "Cohortly:Storage:Bucket")]
    [InlineData("Cohortly:Storage:LinkMinutes", "0", "Cohortly:Storage:LinkMinutes")]
    public void BadStorageSettingsAreRefusedNamingTheKey(string key, string value, string named)
    {
        using var services = Build(new() { [key] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cohortly:Email:Smtp:Port", "70000", "Port")]
    [InlineData("Cohortly:Email:WeeklyReport:TimeZone", "Mars/Olympus", "Cohortly:Email:WeeklyReport:TimeZone")]
    [InlineData("Cohortly:Email:RetryBaseDelay", "00:00:00", "Cohortly:Email:RetryBaseDelay")]
    public void BadEmailSettingsAreRefusedNamingTheKey(string key, string value, string named)
    {
        using var services = Build(new() { [key] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailOptions>>().Value);
        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cohortly:Stripe:SecretKey", "sk_test_123", "Cohortly:Stripe:WebhookSecret")]
    [InlineData("Cohortly:Stripe:ApiBase", "not a url", "ApiBase")]
    public void BadStripeSettingsAreRefusedNamingTheKey(string key, string value, string named)
    {
        using var services = Build(new() { [key] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StripeOptions>>().Value);
        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASeatHoldOfNothingIsRefusedNamingTheKey()
    {
        using var services = Build(new() { ["Cohortly:Payments:SeatHold"] = "00:00:00" });

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PaymentsOptions>>().Value);
        Assert.Contains("Cohortly:Payments:SeatHold", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateKeysMadeInTheDataDirectoryAreTheSameAfterARestart()
    {
        byte[] publicKey, pdfCertificate;
        await using (var first = Build([]))
        {
            var keys = first.GetRequiredService<CertificateKeys>();
            (publicKey, pdfCertificate) = (keys.PublicKey, keys.PdfCertificate.RawData);
            Assert.True(keys.PdfCertificate.HasPrivateKey);
        }
        await using var second = Build([]);
        var again = second.GetRequiredService<CertificateKeys>();

        Assert.Equal(publicKey, again.PublicKey);
        Assert.Equal(pdfCertificate, again.PdfCertificate.RawData);
        Assert.StartsWith("did:key:z6Mk", again.IssuerDid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASigningKeyOfTheWrongLengthIsRefusedNamingTheKey()
    {
        await using var services = Build(new() { ["Cohortly:Certificates:SigningKey"] = Convert.ToBase64String(new byte[16]) });

        var refused = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<CertificateKeys>());
        Assert.Contains("Cohortly:Certificates:SigningKey", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadScannerAndImageSettingsAreRefused()
    {
        using var services = Build(new() { ["Cohortly:Storage:ClamAv:Port"] = "0", ["Cohortly:Images:ThumbnailEdge"] = "1" });

        Assert.Contains("Port", Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ClamAvOptions>>().Value).Message, StringComparison.Ordinal);
        Assert.Contains("ThumbnailEdge", Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ImagesOptions>>().Value).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnSmtpRefusalIsACohortlyExceptionMarkedPermanent()
    {
        await using var smtp = await SmtpSink.StartAsync();
        smtp.BeforeAccept = _ => Task.FromResult(false);
        await using var sender = Smtp(smtp.Port);

        var refused = await Assert.ThrowsAsync<EmailTransportException>(() => sender.SendAsync(Email()));

        Assert.False(refused.Transient);
        Assert.Contains("554", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableSmtpServerIsACohortlyExceptionMarkedTransient()
    {
        await using var sender = Smtp(Ports.Free());

        var unreachable = await Assert.ThrowsAsync<EmailTransportException>(() => sender.SendAsync(Email()));

        Assert.True(unreachable.Transient);
    }

    [Fact]
    public async Task AnUnreachableS3StoreIsACohortlyExceptionNotAnAwsOne()
    {
        using var storage = new S3ObjectStorage(new StorageOptions
        {
            ServiceUrl = $"http://127.0.0.1:{Ports.Free()}",
            Bucket = "nowhere",
            AccessKey = "key",
            SecretKey = "secret",
            ForcePathStyle = true,
        });

        await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.OpenReadAsync("files/x/content", CancellationToken.None));
        await using var upload = await storage.BeginUploadAsync("files/x/content", "text/plain", CancellationToken.None);
        await upload.WriteAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => upload.CompleteAsync(CancellationToken.None));
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddCohortlyIntegrations(new DataDirectory(_data.Path));
        return services.BuildServiceProvider();
    }

    private static SmtpEmailSender Smtp(int port) => new(Options.Create(new EmailOptions
    {
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, Pipelining = false, Timeout = TimeSpan.FromSeconds(10) },
    }));

    private static OutgoingEmail Email() =>
        new(Guid.NewGuid().ToString("N"), "student@example.com", "welcome", "Hello", "<p>Hello</p>", "Hello", [], null);
}
