using Cohortly.Accounts;
using Cohortly.Common;
using Cohortly.Email;
using Cohortly.Silo.Persistence;
using Cohortly.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Cohortly.Grains.Tests.Email;

/// <summary>A one-silo cluster on SQLite whose mail goes over SMTP to a real SMTP server started here.</summary>
public sealed class EmailClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cohortly-email-grains");

    public TestCluster Cluster { get; private set; } = null!;

    public SmtpSink Smtp { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        DatabaseSchema.RegisterProviders();
        await DatabaseSchema.EnsureSqliteAsync(ClusterFixture.SqliteConnectionString(_data.Path));
        var builder = new TestClusterBuilder(1);
        builder.Properties[ClusterFixture.DataDirectoryKey] = _data.Path;
        builder.Properties["Cohortly:Email:Smtp:Host"] = "127.0.0.1";
        builder.Properties["Cohortly:Email:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Properties["Cohortly:Email:Smtp:Security"] = "None";
        builder.Properties["Cohortly:Email:Smtp:Pipelining"] = "false";
        builder.Properties["Cohortly:Email:PublicUrl"] = "https://cohortly.example";
        builder.AddSiloBuilderConfigurator<ClusterFixture.SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClusterFixture.ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Smtp.DisposeAsync();
        _data.Dispose();
    }
}

public sealed class EmailGrainTests(EmailClusterFixture fixture) : IClassFixture<EmailClusterFixture>
{
    [Fact]
    public async Task OnlyAdminsListTheOutboxRetryAnEmailOrSendTheWeeklyReportsEarly()
    {
        var student = new Caller("someone", "Some Student", [Roles.Student]);

        var listing = await Assert.ThrowsAsync<DomainException>(() => fixture.Grains.GetGrain<IOutboxReaderGrain>(0).ListAsync(student, null, 1, 20));
        var retry = await Assert.ThrowsAsync<DomainException>(() => fixture.Grains.GetGrain<IOutboxMessageGrain>("any-message").RetryAsync(student));
        var weekly = await Assert.ThrowsAsync<DomainException>(() =>
            fixture.Grains.GetGrain<IWeeklyReportScheduleGrain>(IWeeklyReportScheduleGrain.Key).RunNowAsync(student));

        Assert.All([listing, retry, weekly], refused => Assert.Equal(DomainErrorKind.Forbidden, refused.Kind));
        var admin = new Caller("an-admin", "An Admin", [Roles.Admin]);
        Assert.NotNull(await fixture.Grains.GetGrain<IOutboxReaderGrain>(0).ListAsync(admin, null, 1, 20));
    }

    [Fact]
    public async Task TheCertificateEmailCarriesThePdfAndIsSentOncePerCertificate()
    {
        var email = ApiClient.UniqueEmail("graduate");
        var user = (await fixture.Grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email))
            .RegisterAsync(new NewAccount(email, "Grace Graduate", "hash"))).Profile!;
        var pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
        var certificateId = Guid.NewGuid().ToString("N");
        var mailer = fixture.Grains.GetGrain<IMailerGrain>(0);

        await mailer.SendCertificateAsync(user.UserId, "bootcamp-1", "Rust in Production", certificateId, pdf);
        await mailer.SendCertificateAsync(user.UserId, "bootcamp-1", "Rust in Production", certificateId, pdf);

        var message = await fixture.Smtp.WaitForOneAsync(
            m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject == "Your certificate for Rust in Production", "the certificate email");
        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal($"certificate-{certificateId}.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes);
        Assert.Equal(pdf, bytes.ToArray());
        Assert.Contains($"https://cohortly.example/certificates/{certificateId}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Grace Graduate", message.HtmlBody, StringComparison.Ordinal);

        // The welcome email went out after registering; the second certificate call changed nothing.
        await fixture.Smtp.WaitForOneAsync(m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject!.StartsWith("Welcome", StringComparison.Ordinal), "the welcome email");
        Assert.Single(fixture.Smtp.Received, m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject!.StartsWith("Your certificate", StringComparison.Ordinal));
        var entry = await fixture.Grains.GetGrain<IOutboxMessageGrain>(IOutboxMessageGrain.KeyOf($"certificate/{certificateId}")).GetAsync();
        Assert.Equal(OutboxStatus.Sent, entry!.Status);
        Assert.Equal(1, entry.Attempts);
    }

    [Fact]
    public async Task AnEmailStoredButNeverListedBeforeACrashIsListedAndSentWhenItIsEnqueuedAgain()
    {
        var to = ApiClient.UniqueEmail("orphan");
        var messageId = IOutboxMessageGrain.KeyOf("orphan/" + Guid.NewGuid().ToString("N"));
        var email = new OutgoingEmail(messageId, to, "test", "Stored before the crash", "<p>Hi</p>", "Hi", [], null);
        // What a crash between the message's write and its shard's leaves: the email stored, queued, listed nowhere.
        var services = (fixture.Cluster.Primary as InProcessSiloHandle)!.SiloHost!.Services;
        await services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Cohortly).WriteStateAsync("outbox-message", GrainId.Create("outboxmessage", messageId),
            new GrainState<OutboxMessageState>(new OutboxMessageState { Email = email, Status = OutboxStatus.Queued, QueuedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow }));

        // The redelivered event that caused it enqueues it again.
        await fixture.Grains.GetGrain<IOutboxMessageGrain>(messageId).EnqueueAsync(email);

        await fixture.Smtp.WaitForOneAsync(m => m.To.Mailboxes.Any(a => a.Address == to), "the orphaned email");
        var shard = await fixture.Grains.GetGrain<IOutboxShardGrain>(IOutboxShardGrain.ShardOf(messageId)).ListAsync(null, 10_000);
        Assert.Contains(shard.Items, entry => entry.MessageId == messageId);
    }
}
