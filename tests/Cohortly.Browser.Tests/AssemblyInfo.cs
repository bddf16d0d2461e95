// All journeys share one collection already (see BrowserCollection); this says so for the whole assembly, so a new
// test class that forgets the [Collection] attribute still does not run beside the others.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
