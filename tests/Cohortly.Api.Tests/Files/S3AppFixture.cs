using Amazon.Runtime;
using Amazon.S3;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Files;

/// <summary>
/// A Cohortly process whose storage is a real S3-compatible server (npm s3rver) and whose uploads are scanned
/// by a fake clamd on the INSTREAM protocol, both started here on free loopback ports.
/// </summary>
public sealed class S3AppFixture : IAsyncLifetime
{
    public const string Bucket = "cohortly-files";

    private readonly TempDirectory _data = new("cohortly-s3-app");

    public S3Server S3 { get; private set; } = null!;

    public FakeClamd Clamd { get; } = new();

    public CohortlyApp App { get; private set; } = null!;

    public Tokens Admin { get; private set; } = null!;

    public AmazonS3Client Direct { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        S3 = await S3Server.StartAsync();
        var environment = new Dictionary<string, string>(EmbeddedAppFixture.Environment)
        {
            ["Cohortly__Storage__ClamAv__Host"] = "127.0.0.1",
            ["Cohortly__Storage__ClamAv__Port"] = Clamd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in S3.Environment(Bucket))
        {
            environment[key] = value;
        }
        App = await CohortlyApp.StartAsync(_data.Path, environment);
        Admin = await App.Http.RegisterAsync(ApiClient.UniqueEmail("admin"), EmbeddedAppFixture.AdminPassword, "Ada Admin");
        Direct = new AmazonS3Client(new BasicAWSCredentials(S3Server.AccessKey, S3Server.SecretKey), new AmazonS3Config
        {
            ServiceURL = S3.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        });
    }

    /// <summary>Every key in the bucket, read straight from the S3 server.</summary>
    public async Task<List<string>> KeysAsync()
    {
        var listing = await Direct.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = Bucket });
        return [.. (listing.S3Objects ?? []).Select(o => o.Key)];
    }

    public async Task DisposeAsync()
    {
        Direct.Dispose();
        await App.DisposeAsync();
        await Clamd.DisposeAsync();
        await S3.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class S3AppCollection : ICollectionFixture<S3AppFixture>
{
    public const string Name = "Cohortly process on S3 storage";
}
