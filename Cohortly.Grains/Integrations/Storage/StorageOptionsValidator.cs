using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Storage;

/// <summary>The rules of <c>Cohortly:Storage</c> that span settings or parse a value, which DataAnnotations cannot state.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        var section = StorageOptions.Section;
        if (options.Provider == StorageProvider.S3 && string.IsNullOrWhiteSpace(options.Bucket))
        {
            failures.Add($"{section}:Provider is S3 but {section}:Bucket is not set.");
        }
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl)
            && !(Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
        {
            failures.Add($"{section}:ServiceUrl must be an absolute http(s) address; it is '{options.ServiceUrl}'.");
        }
        if (string.IsNullOrWhiteSpace(options.AccessKey) != string.IsNullOrWhiteSpace(options.SecretKey))
        {
            failures.Add($"{section}:AccessKey and {section}:SecretKey go together: set both, or neither to use the SDK's default credentials.");
        }
        if (!string.IsNullOrWhiteSpace(options.LinkSigningKey))
        {
            var key = new byte[options.LinkSigningKey.Length];
            if (!Convert.TryFromBase64String(options.LinkSigningKey, key, out var length))
            {
                failures.Add($"{section}:LinkSigningKey is not base64.");
            }
            else if (length < StorageOptions.MinimumLinkKeyBytes)
            {
                failures.Add($"{section}:LinkSigningKey must be a base64 key of at least {StorageOptions.MinimumLinkKeyBytes} bytes; it has {length}.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
