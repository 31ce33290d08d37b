namespace Jebo.Casework.Audit;

/// <summary>
/// The catalog of audit actions: every name an entry of the audit chain may carry, with what it means. The writers,
/// the security alerts, the case projection and the timeline texts all name actions from here; <see cref="AuditLog"/>
/// refuses to chain an action the catalog does not list.
/// </summary>
/// <remarks>Security: the alerts and the replay find entries by their action; an entry written under a misspelt name
/// would escape both without a trace, so a name outside the catalog is a programming error, refused at once.</remarks>
public static class AuditActions
{
    /// <summary>The prefix of the steps of the case lifecycle: <c>case.</c> followed by the API's action
    /// name.</summary>
    public const string CasePrefix = "case.";

    // Case lifecycle steps (CaseAction, POST /api/v1/cases/{id}/actions).
    public const string CaseAccept = "case.accept";
    public const string CaseReject = "case.reject";
    public const string CaseAssign = "case.assign";
    public const string CaseTransfer = "case.transfer";
    public const string CaseStartVerification = "case.start-verification";
    public const string CaseRecordContact = "case.record-contact";
    public const string CaseRecordResult = "case.record-result";
    public const string CaseReview = "case.review";
    public const string CasePublishStatus = "case.publish-status";
    public const string CaseMerge = "case.merge";
    public const string CaseUnmerge = "case.unmerge";
    public const string CaseSupervise = "case.supervise";
    public const string CaseClose = "case.close";
    public const string CaseReopen = "case.reopen";
    public const string CaseRevert = "case.revert";
    public const string CaseAcknowledgeProtection = "case.acknowledge-protection";
    public const string CaseRecordCallback = "case.record-callback";
    public const string CaseReportProgress = "case.report-progress";
    public const string CaseConcludeSupervision = "case.conclude-supervision";
    public const string CaseNote = "case.note";
    public const string CaseReclassify = "case.reclassify";
    public const string CaseRefer = "case.refer";
    public const string CaseDecideReward = "case.decide-reward";
    public const string CaseAskJoin = "case.ask-join";
    public const string CaseDismissRelated = "case.dismiss-related";
    public const string CaseDismissDuplicate = "case.dismiss-duplicate";

    // What else happens to a case.
    public const string CaseCreated = "case.created";
    public const string CaseScreened = "case.screened";
    public const string CaseRepetitionFlagged = "case.repetition-flagged";
    public const string CaseRepetitionJudged = "case.repetition-judged";
    public const string CaseEscalated = "case.escalated";
    public const string CaseRequested = "case.requested";
    public const string CaseRequestReturned = "case.request-returned";
    public const string CaseMergeReceived = "case.merge-received";
    public const string CaseMergeUndone = "case.merge-undone";
    public const string DocumentAdded = "document.added";
    public const string FollowUpReceived = "followup.received";
    public const string ProtectionRequested = "protection.requested";
    public const string ContactGiven = "contact.given";
    public const string RewardClaimed = "reward.claimed";
    public const string ReceiptIssued = "receipt.issued";

    // Reading.
    public const string CaseViewed = "case.viewed";
    public const string CaseContentRead = "case.content-read";
    public const string CasesListed = "cases.listed";
    public const string IdentityViewed = "identity.viewed";
    public const string RewardPayeeViewed = "reward.payee-viewed";
    public const string AttachmentDownloaded = "attachment.downloaded";
    public const string DocumentDownloaded = "document.downloaded";

    // Signing in and out.
    public const string SignInSucceeded = "signin.succeeded";
    public const string SignInFailed = "signin.failed";
    public const string SignInLocked = "signin.locked";
    public const string SignOut = "signout";
    public const string TotpEnrolled = "totp.enrolled";
    public const string PasswordChanged = "password.changed";
    public const string PledgeAccepted = "pledge.accepted";
    public const string PledgeRecorded = "pledge.recorded";
    public const string PledgePublished = "pledge.published";

    // Accounts and tokens.
    public const string UserCreated = "user.created";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string UserUnlocked = "user.unlocked";
    public const string UserRoleChanged = "user.role-changed";
    public const string UserPasswordReset = "user.password-reset";
    public const string UserTotpReset = "user.totp-reset";
    public const string UserOfficeChanged = "user.office-changed";
    public const string UserSignedOutEverywhere = "user.signed-out-everywhere";
    public const string TokenIssued = "token.issued";
    public const string TokenRevoked = "token.revoked";
    public const string AccountRequested = "account.requested";
    public const string AccountApproved = "account.approved";
    public const string AccountRefused = "account.refused";
    public const string AccountApprovalRefused = "account.approval-refused";
    public const string AccountBreakGlass = "account.break-glass";

    // Transfer between the zones.
    public const string TransferImported = "transfer.imported";
    public const string TransferQuarantined = "transfer.quarantined";
    public const string TransferGapAcknowledged = "transfer.gap-acknowledged";
    public const string TransferStatusWritten = "transfer.status-written";
    public const string TransferAlertResolved = "transfer.alert-resolved";

    // The intake keys casework trusts (jebo keys on the casework machine).
    public const string KeyUntrusted = "key.untrusted";
    public const string KeyReplaced = "key.replaced";

    // The audit log itself and oversight.
    public const string AuditExported = "audit.exported";
    public const string AuditVerified = "audit.verified";
    public const string SampleDrawn = "sample.drawn";
    public const string LedgerExported = "ledger.exported";
    public const string CasesExported = "cases.exported";

    // Text messages to reporters (Feedback/SmsOutbox, Feedback/SmsDelivery): which report's reporter, never the number.
    public const string SmsQueued = "sms.queued";
    public const string SmsSent = "sms.sent";
    public const string SmsFailed = "sms.failed";

    // Retention (Retention/): legal holds and purges.
    public const string RetentionHoldSet = "retention.hold-set";
    public const string RetentionHoldLifted = "retention.hold-lifted";
    public const string RetentionIdentitiesPurged = "retention.identities-purged";
    public const string RetentionContentPurged = "retention.content-purged";

    /// <summary>Every action of the catalog with its meaning in one line, in the order the catalog lists
    /// them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Meanings = new Dictionary<string, string>(
        StringComparer.Ordinal
    )
    {
        [CaseAccept] = "the case was accepted for verification",
        [CaseReject] = "the case was not accepted, with a reason",
        [CaseAssign] = "the case was assigned down to an office below",
        [CaseTransfer] = "the case was moved to another office (a take-over when the office above took it)",
        [CaseStartVerification] = "verification of the case started",
        [CaseRecordContact] = "a contact with the reporter was recorded",
        [CaseRecordResult] = "the result of the verification was recorded",
        [CaseReview] = "an office above reviewed the result, approving or returning it",
        [CasePublishStatus] = "a message for the reporter was published",
        [CaseMerge] = "the case was merged into another, giving it its reports",
        [CaseUnmerge] = "a merged case took its reports back",
        [CaseSupervise] = "an office above put the case under supervision",
        [CaseClose] = "the case was closed",
        [CaseReopen] = "the case was reopened",
        [CaseRevert] = "an earlier step was undone by a compensating step",
        [CaseAcknowledgeProtection] = "staff acted on a reporter's request for protection",
        [CaseRecordCallback] =
            "the reporter of a sampled case was called back; a dispute sends the result to the office above",
        [CaseReportProgress] = "the case's office reported progress to the office supervising it",
        [CaseConcludeSupervision] = "the supervising office concluded its supervision with a written assessment",
        [CaseNote] = "a member of staff wrote an internal note on the case (never sent to the reporter)",
        [CaseReclassify] =
            "the case's category or region was corrected (before and after); a new province routes it again",
        [CaseRefer] = "the case was passed on to another competent body, with the body and a reason",
        [CaseDecideReward] =
            "a reporter's reward claim was granted with an amount or refused with a reason, confirmed by a second "
            + "person",
        [CaseAskJoin] =
            "an office asked the national office to join the case with a related one held in another province (the "
            + "relation and the other office, never the other case)",
        [CaseDismissRelated] = "the national office dismissed a relation between provinces, with a reason",
        [CaseDismissDuplicate] =
            "someone who sees both cases dismissed a proposal to merge near-duplicates, with a reason; "
            + "it is not made again",
        [CaseCreated] = "a report arrived from intake and opened the case",
        [CaseScreened] = "automatic screening marked the case's clues",
        [CaseRepetitionFlagged] =
            "many reports from one contact, or follow-ups flooding one receipt: possible malicious repetition to judge",
        [CaseRepetitionJudged] = "a person judged the repetition flagged on the case genuine and cleared the flag",
        [CaseEscalated] =
            "a deadline passed and the case was escalated to the office above, or climbed one office further",
        [CaseRequested] = "a step that ends or hides a clue was asked for, awaiting a second person above",
        [CaseRequestReturned] = "a step asked for was returned unapplied",
        [DocumentAdded] = "staff attached an investigation document to the case",
        [CaseMergeReceived] = "the case received the reports of a case merged into it",
        [CaseMergeUndone] = "reports this case held went back to the case they were merged from",
        [FollowUpReceived] = "a reporter's follow-up arrived from intake",
        [ProtectionRequested] = "a reporter asked for protection: the case is urgent, its deadline counts in hours",
        [ContactGiven] = "a reporter who reported anonymously gave a name and phone (kept apart), with consent",
        [RewardClaimed] = "a reporter claimed a reward; where to pay it is kept apart, like an identity",
        [ReceiptIssued] =
            "staff entering a clue by hand handed its reporter a receipt for the portal (that one was issued, never "
            + "the receipt)",
        [CaseViewed] = "someone opened the case",
        [CaseContentRead] = "an auditor read the case's content, with a purpose",
        [CasesListed] = "someone listed or searched cases",
        [IdentityViewed] = "someone revealed a reporter's identity, with a purpose",
        [RewardPayeeViewed] =
            "someone revealed where a reporter's reward is paid (name, phone, account), with a purpose",
        [AttachmentDownloaded] = "someone downloaded an attachment",
        [DocumentDownloaded] = "someone downloaded an investigation document of the case",
        [SignInSucceeded] = "a staff member signed in",
        [SignInFailed] = "a sign-in failed",
        [SignInLocked] = "repeated failures locked a sign-in for a while",
        [SignOut] = "a staff member signed out or was signed out",
        [TotpEnrolled] = "a staff member enrolled their authenticator",
        [PasswordChanged] = "a staff member changed their password",
        [PledgeAccepted] = "a staff member accepted the confidentiality pledge on the web",
        [PledgeRecorded] = "a pledge signed on paper was recorded, with its witness",
        [PledgePublished] = "the national administrator published a new version of the confidentiality pledge",
        [UserCreated] = "a staff account was created",
        [UserDisabled] = "a staff account was disabled",
        [UserEnabled] = "a staff account was enabled again",
        [UserUnlocked] = "a locked sign-in was unlocked",
        [UserRoleChanged] = "a staff account's role changed",
        [UserPasswordReset] = "a staff account's password was reset",
        [UserTotpReset] = "a staff account's authenticator was reset",
        [UserOfficeChanged] = "a staff account moved to another office",
        [UserSignedOutEverywhere] =
            "a staff account was signed out everywhere: its sessions ended and its tokens were revoked",
        [TokenIssued] = "an API token was issued",
        [TokenRevoked] = "an API token was revoked",
        [AccountRequested] = "an administrator asked for an account change that needs a second administrator",
        [AccountApproved] = "a second administrator approved an account change",
        [AccountRefused] = "an administrator refused an account change asked for",
        [AccountApprovalRefused] = "an administrator was refused approving a change they may not approve",
        [AccountBreakGlass] =
            "an account was made or changed on the casework machine itself (jebo users add, jebo users set)",
        [TransferImported] = "a bundle of reports from intake was imported",
        [TransferQuarantined] = "a bundle failed its checks and was quarantined",
        [TransferGapAcknowledged] = "a gap in the bundle sequence was acknowledged, with a reason",
        [TransferStatusWritten] = "status updates for reporters were written for intake",
        [TransferAlertResolved] = "a transfer alert was resolved, with a reason",
        [KeyUntrusted] = "an intake key was no longer trusted (jebo keys untrust): wrongly installed or compromised",
        [KeyReplaced] = "the intake keys trusted were replaced by those of an export (jebo keys install --replace)",
        [AuditExported] = "someone exported the audit log",
        [AuditVerified] = "someone verified the audit chain",
        [SampleDrawn] = "the monthly callback sample was drawn",
        [LedgerExported] = "someone exported an office's ledger of clues (CSV or XLSX), with its filter and row count",
        [CasesExported] = "someone exported the case list (CSV or XLSX), with its filter, format and row count",
        [SmsQueued] = "a text message to a reporter who consented was queued (news to look up, or a call to expect)",
        [SmsSent] = "the SMS gateway took a text message to a reporter",
        [SmsFailed] = "a text message to a reporter failed for good: refused, no longer allowed, or too many attempts",
        [RetentionHoldSet] = "a legal hold was set on the case, keeping it from retention's purges, with a reason",
        [RetentionHoldLifted] = "the case's legal hold was lifted, with a reason",
        [RetentionIdentitiesPurged] = "retention deleted the reporters' identities of the closed case",
        [RetentionContentPurged] = "retention purged the closed case's readable content, keeping skeleton and trail",
    };

    /// <summary>Every action of the catalog.</summary>
    public static readonly IReadOnlyList<string> All = [.. Meanings.Keys];

    public static bool IsKnown(string action) => Meanings.ContainsKey(action);

    /// <summary>The audit action of a case lifecycle step, e.g. <c>case.accept</c> for <c>accept</c>.</summary>
    public static string OfCase(string caseAction) => CasePrefix + caseAction;

    /// <summary>The lifecycle step an audit action records (<c>accept</c> for <c>case.accept</c>), or the action
    /// itself.</summary>
    public static string CaseStepOf(string action) =>
        action.StartsWith(CasePrefix, StringComparison.Ordinal) ? action[CasePrefix.Length..] : action;

    /// <summary>Throws when <paramref name="action"/> is not in the catalog: a writer's programming error.</summary>
    public static void Check(string action)
    {
        if (!IsKnown(action))
        {
            throw new ArgumentException(
                $"'{action}' is not an action of the audit catalog (Audit/AuditActions.cs)",
                nameof(action)
            );
        }
    }
}
