using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cohortly.Common;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on the routes that create something: a client that retries after a timeout gets the first
/// answer instead of a second bootcamp or submission. Keys are per caller; a repeat with the same key and request is
/// answered from the key's grain with the first status and body, the same key with another request is 422, and the
/// same request still running under the key is 409. Answers of 500 and up, and failures, are not kept: the retry runs.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    /// <summary>Set on an answer replayed from the key, so a client can tell.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    private static readonly object RequestIdItem = new();

    /// <summary>
    /// A stable id for this caller's key, for handlers whose grains can make the create itself idempotent: the key's
    /// grain stores the answer only after the create, so a crash in between would otherwise let the retry create again.
    /// Null when the request carries no key.
    /// </summary>
    public static string? RequestId(HttpContext http) => http.Items.TryGetValue(RequestIdItem, out var id) ? (string?)id : null;

    private static string RequestIdOf(string userId, string key) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{key}")))[..32].ToLowerInvariant();

    /// <summary>Opts a create route in: the filter, and the header and the 409/422 problems in the OpenAPI document.</summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder builder)
    {
        builder.AddEndpointFilter(FilterAsync);
        builder.Finally(endpoint =>
        {
            // After the route's own declarations, which may name 409 already.
            foreach (var status in new[] { StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity })
            {
                if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(declared => declared.StatusCode == status))
                {
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemResponses.ContentType]));
                }
            }
        });
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = $"Up to {IIdempotencyKeyGrain.MaxKeyLength} characters, chosen by the client, kept 24 hours per caller. " +
                    "A repeat with the same key and body answers the first answer; the same key with another body is 422 " +
                    "`idempotency-key-reused`; while the first request runs, 409 `idempotency-key-in-use`.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IIdempotencyKeyGrain.MaxKeyLength },
            });
            return Task.CompletedTask;
        });
    }

    private static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values))
        {
            return await next(context);
        }
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > IIdempotencyKeyGrain.MaxKeyLength)
        {
            return FieldErrors.Of(Header, $"{Header} has 1 to {IIdempotencyKeyGrain.MaxKeyLength} characters.").ToProblem();
        }
        var cluster = http.RequestServices.GetRequiredService<IClusterClient>();
        var grain = cluster.GetGrain<IIdempotencyKeyGrain>(IIdempotencyKeyGrain.KeyOf(http.User.ToCaller().UserId, key));
        var requestHash = Fingerprint(context);
        var claim = await grain.BeginAsync(requestHash);
        switch (claim.Outcome)
        {
            case IdempotencyOutcome.Replay:
                return new ReplayResult(claim.Response!);
            case IdempotencyOutcome.OtherRequest:
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused",
                    "This Idempotency-Key was used for a different request.", "Use a new key for a new request.");
            case IdempotencyOutcome.InProgress:
                http.Response.Headers.RetryAfter = "1";
                return Problems.Create(StatusCodes.Status409Conflict, "idempotency-key-in-use",
                    "A request with this Idempotency-Key is still running.", "Try again in a moment to get its answer.");
        }

        http.Items[RequestIdItem] = RequestIdOf(http.User.ToCaller().UserId, key);
        IdempotentResponse? answer = null;
        try
        {
            var result = await next(context);
            if (result is IResult executable)
            {
                answer = await ExecuteAndCaptureAsync(executable, http);
                return Results.Empty;
            }
            return result;
        }
        finally
        {
            await SettleAsync(grain, requestHash, answer, http);
        }
    }

    /// <summary>
    /// Keeps the answer under the key, or frees the key for a retry. The answer has already gone out, so a key grain the
    /// cluster cannot reach (its silo just died) must not turn it into a broken connection — as it did for submissions
    /// under a silo kill. Unkept, the key is free again once the claim lapses, and a repeat runs the request again:
    /// submissions and announcements are keyed by <see cref="RequestId"/> and do not double; a bootcamp or assignment
    /// create is not yet, and could (as it could before, when the client saw the connection break and retried).
    /// </summary>
    private static async Task SettleAsync(IIdempotencyKeyGrain grain, string requestHash, IdempotentResponse? answer, HttpContext http)
    {
        try
        {
            if (answer is { Status: < 500 })
            {
                await grain.CompleteAsync(requestHash, answer);
            }
            else
            {
                await grain.AbandonAsync(requestHash);
            }
        }
        catch (Exception unreachable) when (ClusterFailures.IsTransient(unreachable))
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Idempotency))
                .LogWarning(unreachable, "The answer to {Method} {Path} was not kept under its Idempotency-Key; a repeat runs it again", http.Request.Method, http.Request.Path);
        }
    }

    /// <summary>Writes the handler's answer as usual, keeping a copy of what went out.</summary>
    private static async Task<IdempotentResponse> ExecuteAndCaptureAsync(IResult result, HttpContext http)
    {
        var original = http.Response.Body;
        using var copy = new MemoryStream();
        http.Response.Body = copy;
        try
        {
            await result.ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        copy.Position = 0;
        await copy.CopyToAsync(original, http.RequestAborted);
        return new IdempotentResponse(http.Response.StatusCode, http.Response.ContentType, http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, copy.ToArray());
    }

    /// <summary>The route, its values and the JSON body as bound: what makes two requests the same request.</summary>
    private static string Fingerprint(EndpointFilterInvocationContext context)
    {
        var http = context.HttpContext;
        var json = http.RequestServices.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        var bodyType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var body = bodyType is null ? null : context.Arguments.FirstOrDefault(argument => argument?.GetType() == bodyType);
        var text = $"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n{JsonSerializer.Serialize(body, bodyType ?? typeof(object), json)}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private sealed class ReplayResult(IdempotentResponse response) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = response.Status;
            if (response.ContentType is not null)
            {
                http.Response.ContentType = response.ContentType;
            }
            if (response.Location is not null)
            {
                http.Response.Headers.Location = response.Location;
            }
            http.Response.Headers[ReplayedHeader] = "true";
            await http.Response.Body.WriteAsync(response.Body, http.RequestAborted);
        }
    }
}
