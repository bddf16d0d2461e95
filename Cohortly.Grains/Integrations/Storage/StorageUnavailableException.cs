namespace Cohortly.Integrations.Storage;

/// <summary>
/// The store could not be reached or refused the request: the caller's upload was fine, the service is not (the file
/// routes answer 503). The S3 adapter throws this instead of the SDK's exceptions, so no AWS type crosses the port.
/// A missing object is a <see cref="FileNotFoundException"/> from every store.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
