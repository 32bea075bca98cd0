using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Originality.Storage.Tests")]
