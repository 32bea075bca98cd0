using Originality.Storage.Repositories;

namespace Originality.Storage;

public sealed partial class StorageSession
{
    /// <summary>Members (sellers).</summary>
    public MemberRepository Members { get; private set; } = null!;

    /// <summary>Members' folders (F-2).</summary>
    public FolderRepository Folders { get; private set; } = null!;

    /// <summary>Filed pictures (F-5, F-6, F-7).</summary>
    public FilingRepository Filings { get; private set; } = null!;

    /// <summary>Authorizations (A-1..A-4).</summary>
    public AuthorizationRepository Authorizations { get; private set; } = null!;

    /// <summary>Operator data: policy schedule, calendar, trial eligibility.</summary>
    public SettingsRepository Settings { get; private set; } = null!;

    partial void InitializeRepositories()
    {
        Members = new MemberRepository(this);
        Folders = new FolderRepository(this);
        Filings = new FilingRepository(this);
        Authorizations = new AuthorizationRepository(this);
        Settings = new SettingsRepository(this);
        InitializeCaseRepositories();
    }

    /// <summary>Complaints and their appeal rounds (C, R).</summary>
    public ComplaintRepository Complaints { get; private set; } = null!;

    /// <summary>Penalty ledgers and sanctions (P).</summary>
    public PenaltyLedgerRepository PenaltyLedgers { get; private set; } = null!;

    /// <summary>Picture violations (V-1, V-9).</summary>
    public ViolationRepository Violations { get; private set; } = null!;

    /// <summary>Recovery applications (V-2..V-10).</summary>
    public RecoveryApplicationRepository RecoveryApplications { get; private set; } = null!;

    private void InitializeCaseRepositories()
    {
        Complaints = new ComplaintRepository(this);
        PenaltyLedgers = new PenaltyLedgerRepository(this);
        Violations = new ViolationRepository(this);
        RecoveryApplications = new RecoveryApplicationRepository(this);
    }
}
