using System.Buffers;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Cohortly.Integrations.Storage;

/// <summary>
/// Any S3-compatible store through AWSSDK.S3. Uploads go up as multipart uploads in fixed-size parts from pooled
/// buffers, one part in flight while the next fills, so memory per upload stays at two parts whatever the file size.
/// </summary>
public sealed class S3ObjectStorage : IObjectStorage, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly StorageOptions _options;
    private readonly string _bucket;

    public S3ObjectStorage(StorageOptions options)
    {
        _options = options;
        _bucket = string.IsNullOrWhiteSpace(options.Bucket)
            ? throw new InvalidOperationException("Cohortly:Storage:Bucket is required for S3 storage.")
            : options.Bucket;
        if (options.PartSizeBytes < StorageOptions.MinimumPartSizeBytes)
        {
            throw new InvalidOperationException("Cohortly:Storage:PartSizeBytes must be at least 5 MiB (S3's smallest part).");
        }
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            // Checksums only where S3 requires them: the trailing-checksum framing is what some S3-compatible servers store verbatim.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
        }
        _client = string.IsNullOrWhiteSpace(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    public string Description => $"S3 (bucket {_bucket} at {(string.IsNullOrWhiteSpace(_options.ServiceUrl) ? "AWS " + _options.Region : _options.ServiceUrl)})";

    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await BucketExistsAsync(cancellationToken))
            {
                await _client.PutBucketAsync(new PutBucketRequest { BucketName = _bucket }, cancellationToken);
            }
        }
        catch (AmazonS3Exception created) when (created.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Another front end created it a moment ago.
        }
        catch (Exception failed) when (IsStoreFailure(failed, cancellationToken))
        {
            throw Unavailable("could not create or check the bucket", failed);
        }
    }

    /// <summary>
    /// Listing one key is the check every S3-compatible server implements (AmazonS3Util's check reads the bucket ACL,
    /// which s3rver and some others do not support).
    /// </summary>
    private async Task<bool> BucketExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, MaxKeys = 1 }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception missing) when (missing.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public Task<IObjectUpload> BeginUploadAsync(string key, string contentType, CancellationToken cancellationToken) =>
        Task.FromResult<IObjectUpload>(new S3Upload(_client, _bucket, key, contentType, _options.PartSizeBytes));

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetObjectAsync(_bucket, key, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception missing) when (missing.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"No stored object {key}.", missing);
        }
        catch (Exception failed) when (IsStoreFailure(failed, cancellationToken))
        {
            throw Unavailable($"could not read {key}", failed);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteObjectAsync(_bucket, key, cancellationToken);
        }
        catch (Exception failed) when (IsStoreFailure(failed, cancellationToken))
        {
            throw Unavailable($"could not delete {key}", failed);
        }
    }

    public async Task<int?> RemoveIncompleteUploadsAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken)
    {
        var removed = 0;
        var request = new ListMultipartUploadsRequest { BucketName = _bucket };
        try
        {
            while (true)
            {
                var listing = await _client.ListMultipartUploadsAsync(request, cancellationToken);
                foreach (var upload in (listing.MultipartUploads ?? []).Where(u => u.Initiated is { } initiated && initiated.ToUniversalTime() < startedBefore.UtcDateTime))
                {
                    await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = upload.Key, UploadId = upload.UploadId }, cancellationToken);
                    removed++;
                }
                if (listing.IsTruncated != true)
                {
                    return removed;
                }
                request.KeyMarker = listing.NextKeyMarker;
                request.UploadIdMarker = listing.NextUploadIdMarker;
            }
        }
        catch (AmazonS3Exception unsupported) when (unsupported.StatusCode is HttpStatusCode.NotImplemented or HttpStatusCode.MethodNotAllowed)
        {
            // Some S3-compatible servers (s3rver) neither list nor abort multipart uploads; a lifecycle rule must do it there.
            return removed == 0 ? null : removed;
        }
        catch (Exception failed) when (IsStoreFailure(failed, cancellationToken))
        {
            throw Unavailable("could not list or abort incomplete uploads", failed);
        }
    }

    /// <summary>
    /// What the SDK throws when the store, not the caller, is the problem: service errors, client-side failures, the HTTP
    /// stack's errors, and a timeout (a cancellation nobody asked for).
    /// </summary>
    private static bool IsStoreFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is AmazonServiceException or AmazonClientException or HttpRequestException or IOException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static StorageUnavailableException Unavailable(string what, Exception failure) =>
        new($"S3 {what}: {failure.Message}", failure);

    public Uri? PresignedDownload(string key, string fileName, string contentType, DateTimeOffset expiresAt)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = expiresAt.UtcDateTime,
            ResponseHeaderOverrides = new ResponseHeaderOverrides
            {
                ContentDisposition = ContentDisposition.Attachment(fileName),
                ContentType = contentType,
            },
        };
        if (_options.ServiceUrl is { } serviceUrl && serviceUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            request.Protocol = Protocol.HTTP;
        }
        return new Uri(_client.GetPreSignedURL(request));
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Writes and completion fail with <see cref="StorageUnavailableException"/> when the store fails.</summary>
    private sealed class S3Upload(AmazonS3Client client, string bucket, string key, string contentType, int partSize) : IObjectUpload
    {
        private readonly List<PartETag> _parts = [];
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(partSize);
        private int _filled;
        private string? _uploadId;
        private (Task<PartETag> Upload, byte[] Buffer)? _inFlight;
        private bool _finished;

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            try
            {
                await FillAsync(chunk, cancellationToken);
            }
            catch (Exception failed) when (IsStoreFailure(failed, cancellationToken))
            {
                throw Unavailable($"could not upload a part of {key}", failed);
            }
        }

        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            try
            {
                await FinishAsync(cancellationToken);
            }
            catch (Exception failed) when (IsStoreFailure(failed, cancellationToken))
            {
                throw Unavailable($"could not complete {key}", failed);
            }
        }

        private async Task FillAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            while (!chunk.IsEmpty)
            {
                var take = Math.Min(chunk.Length, partSize - _filled);
                chunk[..take].CopyTo(_buffer.AsMemory(_filled));
                _filled += take;
                chunk = chunk[take..];
                if (_filled == partSize)
                {
                    await SendPartAsync(cancellationToken);
                }
            }
        }

        private async Task FinishAsync(CancellationToken cancellationToken)
        {
            if (_uploadId is null)
            {
                // Smaller than one part: a single PUT. Chunk encoding off: over plain HTTP some servers keep its framing in the object.
                using var content = new MemoryStream(_buffer, 0, _filled, writable: false);
                await client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = key,
                    InputStream = content,
                    ContentType = contentType,
                    UseChunkEncoding = false,
                    AutoCloseStream = false,
                }, cancellationToken);
            }
            else
            {
                if (_filled > 0)
                {
                    await SendPartAsync(cancellationToken);
                }
                await AwaitInFlightAsync();
                await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = _uploadId,
                    PartETags = [.. _parts.OrderBy(p => p.PartNumber)],
                }, cancellationToken);
            }
            _finished = true;
            ReturnBuffers();
        }

        public async Task AbortAsync()
        {
            if (_finished)
            {
                return;
            }
            _finished = true;
            try
            {
                await AwaitInFlightAsync();
            }
            catch (Exception failed) when (failed is AmazonServiceException or IOException or OperationCanceledException or HttpRequestException)
            {
                // The upload is being thrown away; a failed part does not matter any more.
            }
            if (_uploadId is not null)
            {
                try
                {
                    await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = _uploadId }, CancellationToken.None);
                }
                catch (AmazonS3Exception unsupported) when (unsupported.StatusCode == HttpStatusCode.MethodNotAllowed)
                {
                    // Some S3-compatible servers (s3rver) cannot abort. An uncompleted upload is never an object, and a
                    // bucket lifecycle rule (AbortIncompleteMultipartUpload) reclaims its parts.
                }
            }
            ReturnBuffers();
        }

        public async ValueTask DisposeAsync() => await AbortAsync();

        private async Task SendPartAsync(CancellationToken cancellationToken)
        {
            _uploadId ??= (await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                ContentType = contentType,
            }, cancellationToken)).UploadId;
            // One part in flight at a time: this one starts once the previous has landed, while the caller fills the next buffer.
            await AwaitInFlightAsync();
            var partNumber = _parts.Count + 1;
            var buffer = _buffer;
            var length = _filled;
            _inFlight = (UploadPartAsync(buffer, length, partNumber, cancellationToken), buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(partSize);
            _filled = 0;
        }

        private async Task<PartETag> UploadPartAsync(byte[] buffer, int length, int partNumber, CancellationToken cancellationToken)
        {
            using var content = new MemoryStream(buffer, 0, length, writable: false);
            var response = await client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = _uploadId,
                PartNumber = partNumber,
                InputStream = content,
                PartSize = length,
                UseChunkEncoding = false,
            }, cancellationToken);
            return new PartETag(partNumber, response.ETag);
        }

        private async Task AwaitInFlightAsync()
        {
            if (_inFlight is { } inFlight)
            {
                _inFlight = null;
                try
                {
                    _parts.Add(await inFlight.Upload);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(inFlight.Buffer);
                }
            }
        }

        private void ReturnBuffers()
        {
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
            }
        }
    }
}
