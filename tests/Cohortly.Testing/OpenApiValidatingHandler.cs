using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace Cohortly.Testing;

/// <summary>
/// Checks every response an API test receives against the app's own <c>/openapi/v1.json</c> (fetched once per app):
/// the status must be declared for the operation, the media type declared for that status, and a JSON body valid under
/// its schema. A response that breaks the document fails the test at the call that received it, with the method, path,
/// status, what is wrong and the body. Bodies that are not JSON (images, HTML pages) are checked for their media type only.
/// </summary>
public sealed class OpenApiValidatingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public const string DocumentPath = "/openapi/v1.json";

    private const int BodyShownChars = 2000;

    private static readonly ConcurrentDictionary<string, int> Checked = new();
    private static long _unmatched;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private OpenApiContract? _contract;

    static OpenApiValidatingHandler() =>
        // What the suite exercised, per operation and status: a file beside the test assembly, for seeing what no test reaches.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => WriteSummary();

    /// <summary>Responses checked against the document so far in this test process.</summary>
    public static int CheckedCount => Checked.Values.Sum();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var uri = request.RequestUri!;
        if (uri.AbsolutePath == DocumentPath)
        {
            return response;
        }
        var contract = await ContractAsync(uri, cancellationToken);
        var method = request.Method;
        var status = (int)response.StatusCode;
        if (contract.OperationFor(method, uri.AbsolutePath) is not { } operation)
        {
            // Wrong methods, unknown paths and the web app's pages are not operations; a success under /api must be one.
            if (uri.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal) && response.IsSuccessStatusCode)
            {
                throw new Xunit.Sdk.XunitException(
                    $"{method} {uri.AbsolutePath} answered {status}, but {DocumentPath} has no such operation: add it to the document.");
            }
            Interlocked.Increment(ref _unmatched);
            return response;
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        string? json = null;
        if (IsJson(mediaType))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            json = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        else if (mediaType is null && response.Content.Headers.ContentLength is > 0)
        {
            json = "(a body without a Content-Type)";
        }
        var problems = contract.Check(method, uri.AbsolutePath, status, mediaType, json);
        Checked.AddOrUpdate($"{operation} {status}", 1, (_, count) => count + 1);
        if (problems.Count > 0)
        {
            var body = json is null ? $"({mediaType} body not shown)" : json.Length > BodyShownChars ? json[..BodyShownChars] + "…" : json;
            throw new Xunit.Sdk.XunitException(
                $"{method} {uri.PathAndQuery} answered {status} {mediaType}, which {DocumentPath} ({operation}) does not allow:\n" +
                string.Join("\n", problems.Select(problem => "  - " + problem)) + "\nBody: " + body);
        }
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _loading.Dispose();
        }
        base.Dispose(disposing);
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal));

    private async Task<OpenApiContract> ContractAsync(Uri requestUri, CancellationToken cancellationToken)
    {
        if (_contract is { } loaded)
        {
            return loaded;
        }
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_contract is null)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(requestUri, DocumentPath));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await base.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new Xunit.Sdk.XunitException($"{DocumentPath} answered {(int)response.StatusCode}: {text}");
                }
                _contract = OpenApiContract.Parse(text);
            }
            return _contract;
        }
        finally
        {
            _loading.Release();
        }
    }

    private static void WriteSummary()
    {
        try
        {
            var lines = Checked.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Value,6}  {pair.Key}");
            File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "openapi-contract-checks.txt"),
                [$"{CheckedCount} responses checked against {DocumentPath}; {Interlocked.Read(ref _unmatched)} were to no operation (wrong method, unknown path).", .. lines]);
        }
        catch (IOException)
        {
            // A summary for people; the run's outcome does not depend on it.
        }
    }
}
