using Originality.Server.Hosting;

// `dotnet run --project src/Originality.Server -- --demo` seeds a demo marketplace.
var demo = args.Contains("--demo", StringComparer.Ordinal);
var builder = WebApplication.CreateBuilder([.. args.Where(a => a != "--demo")]);
if (demo)
{
    builder.Configuration["Demo:Seed"] = "true";
}

builder.AddOriginalityServer();

var app = builder.Build();
app.UseOriginalityServer();
app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
