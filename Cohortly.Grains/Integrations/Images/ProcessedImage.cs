namespace Cohortly.Integrations.Images;

/// <summary>An uploaded image made safe to serve: re-encoded without its metadata, plus a small preview.</summary>
public sealed record ProcessedImage(byte[] Image, byte[] Thumbnail);
