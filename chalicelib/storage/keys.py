"""Every DynamoDB key shape of the single table, in one place.

| entity        | pk                          | sk                 | read by                   |
|---------------|-----------------------------|--------------------|---------------------------|
| process       | PROCESSES                   | PROCESS#<id>       | GetItem / Query (list)    |
| contender     | PROCESS#<id>                | CONTENDER#<id>     | Query (parties of process)|
| ballot        | BALLOT#<ballot id>          | BALLOT             | GetItem / BatchGetItem    |
| municipality  | MUNICIPALITIES              | MUN#<ieem code>    | GetItem / Query (list)    |
| section map   | SECTION_MAPS                | MAP#<map id>       | GetItem                   |
| district      | DISTRICTS#<map id>          | DIST#<nn>          | GetItem / Query (list)    |
| section       | SECTION#<map id>#<number>   | SECTION            | GetItem / BatchGetItem    |
| proposal      | PROPOSAL#<id>               | PROPOSAL           | GetItem / Query (+ below) |
|   (gsi1)      | AUTHOR#<user id>            | <created>#<id>     | Query gsi1 (my proposals) |
| response      | PROPOSAL#<id>               | RESPONSE#<contender>| Query with the proposal  |
| support       | PROPOSAL#<id>               | SUPPORT#<user id>  | GetItem / Query           |
| feed entry    | FEED#<facet>#<value>        | <published>#<id>   | Query (newest first)      |
| party inbox   | INBOX#<process>#<contender> | <published>#<id>   | Query (newest first)      |
| review queue  | REVIEW_QUEUE                | <created>#<id>     | Query (oldest first)      |
| daily quota   | QUOTA#<user id>#<date>      | QUOTA              | conditional Update        |
| party settings| PROCESS#<id>                | SETTINGS#<contender>| GetItem                  |
| email sent    | EMAIL#<event id>            | TO#<recipient hash>| conditional Put           |
| address owner | ADDRESS#<recipient hash>    | <process>#<contender>| Query (bounce → party)  |
| email opt-out | OPT_OUT#<recipient hash>    | <topic>            | GetItem (one-click unsubscribe of an address) |
| citizen emails| ACCOUNT#<user sub>          | NOTIFICATIONS      | GetItem (which emails a citizen receives) |
| sms window    | SMS#<number hash>           | WINDOW#<yyyymmddhh>| counted Update (TTL)      |
| sms opt-out   | SMS#<number hash>           | OPT_OUT            | GetItem / Put / Delete    |
| sms inbound   | SMS#<number hash>           | IN#<message id>    | conditional Put (TTL)     |
| digest entry  | DIGEST#<process>#<contender>| <event id>         | Query                     |
| digest marker | DIGESTS_PENDING             | <process>#<contender>| Query                   |
| held message  | HELD#<process>              | <occurred>#<event> | Query (release, in order) |
| held marker   | HELD_PENDING                | <process>          | Query (scheduled release) |
| content page  | CONTENT#<slug>              | VERSION#<nnnnnn>   | GetItem / Query (history) |
|   latest      | CONTENT#<slug>              | LATEST             | GetItem (admin, next no.) |
|   published   | CONTENT#<slug>              | PUBLISHED          | GetItem (public page)     |
| content index | CONTENT_PAGES#<process|SHARED>| PAGE#<slug>      | Query (pages of a process)|
| platform      | PROCESS#<id>                | PLATFORM#<contender>| GetItem / Query          |
| email code    | ACCOUNT#<user sub>          | VERIFICATION       | GetItem / conditional Put/Update (TTL) |
| reset code    | ACCOUNT#<user sub>          | PASSWORD_RESET     | GetItem / conditional Put/Update (TTL) |
| code attempts | CODE_ATTEMPTS#<hash>        | WINDOW             | GetItem / Update (TTL; per address+client) |
| account       | ACCOUNT#<user sub>          | PROFILE            | GetItem (every signed-in request) |
| inbox counts  | PROCESS#<id>                | INBOX_COUNTS#<contender>| GetItem (counters kept from the stream) |
| profile       | CANDIDACY#<candidacy id>    | PROFILE            | GetItem / BatchGetItem (public candidacy) |
|   version     | CANDIDACY#<candidacy id>    | PROFILE#V#<nnnnnn> | Query (history, newest first) |
|   published   | CANDIDACY#<candidacy id>    | PROFILE#PUBLISHED  | GetItem / BatchGetItem (what the public reads) |
| profile review| PROFILE_REVIEW#<process>    | <submitted>#<candidacy>| Query (reviewers' queue, oldest first) |
| identity consent| CANDIDACY#<candidacy id>  | IDENTITY_CONSENT   | GetItem (the candidate's link and consent) |
| profile state | PROFILE_STATE#<process>#<contender>| <candidacy id> | Query (a party's pending profiles) |
| candidacy index| CANDIDACIES#<process>#<facet>#<value>| <ballot id>#<nn>#<candidacy>| Query (search by one filter) |
| questionnaire stats| PROCESS#<id>             | CANDIDACY_STATS    | GetItem (counters kept by publish) |
| audit entry   | AUDIT#<yyyy-mm>             | <at>#<id>          | Query (by month, sk between from/to) |
|   (gsi1)      | AUDIT_ACTOR#<user id>       | <at>#<id>          | Query gsi1 (by actor)     |
|   by entity   | AUDIT_ENTITY#<entity>       | <at>#<id>          | Query (by entity)         |
| advice setup  | PROCESS#<id>                | ADVICE             | GetItem (statements, window) |
| positions     | PROCESS#<id>                | ADVICE_POSITIONS#<contender>| GetItem / Query (all at once) |
| advice index  | ADVICE_PROCESSES            | PROCESS#<id>       | Query (home: published advice) |

| log head      | LOG                         | HEAD               | GetItem / conditional transaction |
| log leaf      | LOG#LEAF#<index>            | LEAF               | GetItem / BatchGetItem (entries, level-0 nodes) |
| log node      | LOG#NODE#<level>#<index>    | NODE               | BatchGetItem (proofs)     |
| log event     | LOG#EVENT#<event id>        | EVENT              | conditional Put (appended once) |
| log leaf hash | LOG#HASH#<leaf hash hex>    | LEAF               | GetItem (receipt lookup)  |
| log by process| LOG#PROCESS#<process>       | <index:012>        | Query (open data)         |
| tree head     | LOG#TREE_HEADS              | <size:012>#<time>  | Query (latest / series)   |
| in course     | PROCESSES_IN_COURSE         | PROCESS#<id>       | Query (lookup: processes not long closed) |
| send slot     | SES_SLOT#<epoch second>     | SLOT               | conditional Update (email pacing) |
| tally marker  | TALLY#<event id>            | <counter pk>#<counter sk>| conditional Put (stream, once per event) |
| ballot result | BALLOT#<ballot id>          | RESULT             | BatchGetItem (with the ballot's process) |
| follow-up item| COMMITMENT#<id>             | COMMITMENT         | GetItem / BatchGetItem (agree/disagree: stream) |
|   update      | COMMITMENT#<id>             | UPDATE#<posted>#<update id>| Query (history, oldest first) |
|   verdict     | COMMITMENT#<id>             | VERDICT#<user id>  | conditional Put (one per citizen) |
| council items | COMMITMENTS#<ballot id>     | <nn>#<commitment id>| Query (a council's commitments) |
| due index     | COMMITMENTS_DUE             | <yyyy-mm-dd>#<commitment id>| Query sk ≤ today (scheduled "vencido") |
| update review | COMMITMENT_REVIEW           | <posted>#<update id>| Query (moderators' queue, oldest first) |
| process items | COMMITMENTS_OF#<process>    | <commitment id>    | Query (open data of a process's items) |
| published upd.| COMMITMENT_UPDATES#<process>| <posted>#<update id>| Query (open data: published copies) |
| notice        | NOTICE#<proposal id>        | CONTENDER#<contender>| Update (sent/bounced/answered; stream → board) |
| notice message| SES_MESSAGE#<message id>    | NOTICE#<proposal>#<contender>| Query (bounce → notices) |
| board counts  | RESPONSIVENESS#PROCESS|BALLOT#<id>| CONTENDER#<id> | Query (board, kept from the stream) |
| day activity  | ACTIVITY#<yyyy-mm-dd>       | COUNTS             | GetItem (election-day dashboard; stream tallies) |
|   (gsi1)      | CITIZEN#<user id>           | <kind>#<id>        | Query gsi1 (a citizen's own items: ARCO) |
| process props.| PROPOSALS_OF#<process>      | <created>#<id>     | Query (retention of a closed process's proposals) |
| retention done| RETENTION                   | PROCESS#<id>       | GetItem (a closed process already anonymised) |

Facets of the public proposal feed: `all`, `ballot`, `municipality`, `topic`, `party`, `process`
(the last feeds the open-data export of a process).
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Key(NamedTuple):
    pk: str
    sk: str


PROCESSES_PK = "PROCESSES"
MUNICIPALITIES_PK = "MUNICIPALITIES"
SECTION_MAPS_PK = "SECTION_MAPS"


def process(process_id: str) -> Key:
    return Key(PROCESSES_PK, f"PROCESS#{process_id}")


def contenders_pk(process_id: str) -> str:
    return f"PROCESS#{process_id}"


CONTENDER_PREFIX = "CONTENDER#"


def contender(process_id: str, contender_id: str) -> Key:
    return Key(contenders_pk(process_id), f"{CONTENDER_PREFIX}{contender_id}")


def ballot(ballot_id: str) -> Key:
    return Key(f"BALLOT#{ballot_id}", "BALLOT")


def municipality(code: str) -> Key:
    return Key(MUNICIPALITIES_PK, f"MUN#{code}")


def section_map(map_id: str) -> Key:
    return Key(SECTION_MAPS_PK, f"MAP#{map_id}")


def districts_pk(map_id: str) -> str:
    return f"DISTRICTS#{map_id}"


def district(map_id: str, number: int) -> Key:
    return Key(districts_pk(map_id), f"DIST#{number:02d}")


def section(map_id: str, number: int) -> Key:
    return Key(f"SECTION#{map_id}#{number}", "SECTION")


# proposals ---------------------------------------------------------------------------------
AUTHOR_INDEX = "gsi1"
REVIEW_QUEUE_PK = "REVIEW_QUEUE"
DIGESTS_PENDING_PK = "DIGESTS_PENDING"


def proposal(proposal_id: str) -> Key:
    return Key(f"PROPOSAL#{proposal_id}", "PROPOSAL")


def proposal_pk(proposal_id: str) -> str:
    return f"PROPOSAL#{proposal_id}"


RESPONSE_PREFIX = "RESPONSE#"
SUPPORT_PREFIX = "SUPPORT#"


def response(proposal_id: str, contender_id: str) -> Key:
    return Key(proposal_pk(proposal_id), f"{RESPONSE_PREFIX}{contender_id}")


def support(proposal_id: str, user_id: str) -> Key:
    return Key(proposal_pk(proposal_id), f"{SUPPORT_PREFIX}{user_id}")


def author_pk(user_id: str) -> str:
    return f"AUTHOR#{user_id}"


def timeline_sk(at: str, proposal_id: str) -> str:
    return f"{at}#{proposal_id}"


def feed_pk(facet: str, value: str = "") -> str:
    return f"FEED#{facet}#{value}" if value else f"FEED#{facet}"


def feed_entry(facet: str, value: str, published_at: str, proposal_id: str) -> Key:
    return Key(feed_pk(facet, value), timeline_sk(published_at, proposal_id))


def inbox_pk(process_id: str, contender_id: str) -> str:
    return f"INBOX#{process_id}#{contender_id}"


def inbox_entry(process_id: str, contender_id: str, published_at: str, proposal_id: str) -> Key:
    return Key(inbox_pk(process_id, contender_id), timeline_sk(published_at, proposal_id))


def review_entry(created_at: str, proposal_id: str) -> Key:
    return Key(REVIEW_QUEUE_PK, timeline_sk(created_at, proposal_id))


def review_counts() -> Key:
    """The moderation queue's counters (total, per reason, per process), derived from the stream."""
    return Key("REVIEW_COUNTS", "COUNTS")


def daily_quota(user_id: str, day: str) -> Key:
    return Key(f"QUOTA#{user_id}#{day}", "QUOTA")


def party_settings(process_id: str, contender_id: str) -> Key:
    return Key(contenders_pk(process_id), f"SETTINGS#{contender_id}")


def email_sent(event_id: str, recipient_hash: str) -> Key:
    return Key(f"EMAIL#{event_id}", f"TO#{recipient_hash}")


def digest_pk(process_id: str, contender_id: str) -> str:
    return f"DIGEST#{process_id}#{contender_id}"


def digest_entry(process_id: str, contender_id: str, event_id: str) -> Key:
    return Key(digest_pk(process_id, contender_id), event_id)


def immediate_hour(process_id: str, contender_id: str, hour: str) -> Key:
    """The proposals a party was emailed at once in one hour (UTC, `2026-06-01T14`)."""
    return Key(f"IMMEDIATE#{process_id}#{contender_id}", f"HOUR#{hour}")


def digest_marker(process_id: str, contender_id: str) -> Key:
    return Key(DIGESTS_PENDING_PK, f"{process_id}#{contender_id}")


# civic information: content pages and party platforms --------------------------------------
SHARED_CONTENT = "SHARED"
CONTENT_VERSION_PREFIX = "VERSION#"
CONTENT_PAGE_PREFIX = "PAGE#"
PLATFORM_PREFIX = "PLATFORM#"


def content_pk(slug: str) -> str:
    return f"CONTENT#{slug}"


def content_version(slug: str, version: int) -> Key:
    return Key(content_pk(slug), f"{CONTENT_VERSION_PREFIX}{version:06d}")


def content_latest(slug: str) -> Key:
    return Key(content_pk(slug), "LATEST")


def content_published(slug: str) -> Key:
    return Key(content_pk(slug), "PUBLISHED")


def content_index_pk(process_id: str | None) -> str:
    """Pages of one process, or (None) the pages shared by every process."""
    return f"CONTENT_PAGES#{process_id or SHARED_CONTENT}"


def content_index_entry(process_id: str | None, slug: str) -> Key:
    return Key(content_index_pk(process_id), f"{CONTENT_PAGE_PREFIX}{slug}")


def platform(process_id: str, contender_id: str) -> Key:
    return Key(contenders_pk(process_id), f"{PLATFORM_PREFIX}{contender_id}")


ACCOUNT_VERIFICATION_SK = "VERIFICATION"


def account_verification(user_sub: str) -> Key:
    """The pending email-verification code of one account (hash only; expires with `expires_at`)."""
    return Key(f"ACCOUNT#{user_sub}", ACCOUNT_VERIFICATION_SK)


# account recovery and attempt counters (issue 13) ------------------------------------------
ACCOUNT_RESET_SK = "PASSWORD_RESET"


def account_reset(user_sub: str) -> Key:
    """The pending password-reset (or invitation) code of one account (hash only; TTL)."""
    return Key(f"ACCOUNT#{user_sub}", ACCOUNT_RESET_SK)


def account_record(user_sub: str) -> Key:
    """The app's own record of an account: verified email and display name (not the pool's claims)."""
    return Key(f"ACCOUNT#{user_sub}", "PROFILE")


def code_attempts(digest: str) -> Key:
    """Failures and back-off of one (purpose, address, client); `digest` is a hash, not the address."""
    return Key(f"CODE_ATTEMPTS#{digest}", "WINDOW")


# party portal: inbox counters and candidacy profiles ------------------------------------------
def inbox_counts(process_id: str, contender_id: str) -> Key:
    """Counters `unanswered`/`answered` of a contender's inbox, derived from the stream (events/tallies.py)."""
    return Key(contenders_pk(process_id), f"INBOX_COUNTS#{contender_id}")


PROFILE_VERSION_PREFIX = "PROFILE#V#"


def candidacy_pk(candidacy_id: str) -> str:
    return f"CANDIDACY#{candidacy_id}"


def candidacy_profile(candidacy_id: str) -> Key:
    return Key(candidacy_pk(candidacy_id), "PROFILE")


def candidacy_profile_version(candidacy_id: str, version: int) -> Key:
    return Key(candidacy_pk(candidacy_id), f"{PROFILE_VERSION_PREFIX}{version:06d}")


# audit log ----------------------------------------------------------------------------------
ACTOR_INDEX = "gsi1"


def audit_month_pk(month: str) -> str:
    """`month` is `yyyy-mm` (UTC)."""
    return f"AUDIT#{month}"


def audit_actor_pk(user_id: str) -> str:
    return f"AUDIT_ACTOR#{user_id}"


def audit_entity_pk(entity: str) -> str:
    return f"AUDIT_ENTITY#{entity}"


def audit_entry(month: str, at: str, entry_id: str) -> Key:
    return Key(audit_month_pk(month), timeline_sk(at, entry_id))


def audit_entity_entry(entity: str, at: str, entry_id: str) -> Key:
    return Key(audit_entity_pk(entity), timeline_sk(at, entry_id))


def address_owner(recipient_hash: str, process_id: str, contender_id: str) -> Key:
    return Key(address_owners_pk(recipient_hash), f"{process_id}#{contender_id}")


def address_owners_pk(recipient_hash: str) -> str:
    return f"ADDRESS#{recipient_hash}"


def email_opt_out(recipient_hash: str, topic: str) -> Key:
    return Key(f"OPT_OUT#{recipient_hash}", topic)


def citizen_notifications(user_sub: str) -> Key:
    return Key(f"ACCOUNT#{user_sub}", "NOTIFICATIONS")


# the veda: outbound messages held until polls close (notifications/veda_hold.py) --------------
HELD_PENDING_PK = "HELD_PENDING"


def held_pk(process_id: str) -> str:
    return f"HELD#{process_id}"


def held_message(process_id: str, occurred_at: str, event_id: str) -> Key:
    return Key(held_pk(process_id), f"{occurred_at}#{event_id}")


def held_marker(process_id: str) -> Key:
    return Key(HELD_PENDING_PK, process_id)


# voting advice: statements and the contenders' positions ------------------------------------
ADVICE_POSITIONS_PREFIX = "ADVICE_POSITIONS#"
ADVICE_INDEX_PK = "ADVICE_PROCESSES"


def advice_setup(process_id: str) -> Key:
    return Key(contenders_pk(process_id), "ADVICE")


def advice_positions(process_id: str, contender_id: str) -> Key:
    return Key(contenders_pk(process_id), f"{ADVICE_POSITIONS_PREFIX}{contender_id}")


def advice_index_entry(process_id: str) -> Key:
    return Key(ADVICE_INDEX_PK, f"PROCESS#{process_id}")


# the candidacy questionnaire (Conóceles): published copies, review queue, search index, statistics
PROFILE_PUBLISHED_SK = "PROFILE#PUBLISHED"


def candidacy_profile_published(candidacy_id: str) -> Key:
    return Key(candidacy_pk(candidacy_id), PROFILE_PUBLISHED_SK)


def profile_review_pk(process_id: str) -> str:
    return f"PROFILE_REVIEW#{process_id}"


def profile_review_entry(process_id: str, submitted_at: str, candidacy_id: str) -> Key:
    return Key(profile_review_pk(process_id), timeline_sk(submitted_at, candidacy_id))


def profile_state_pk(process_id: str, contender_id: str) -> str:
    return f"PROFILE_STATE#{process_id}#{contender_id}"


def profile_state(process_id: str, contender_id: str, candidacy_id: str) -> Key:
    return Key(profile_state_pk(process_id, contender_id), candidacy_id)


def candidacy_index_pk(process_id: str, facet: str, value: str) -> str:
    return f"CANDIDACIES#{process_id}#{facet}#{value}"


def candidacy_index_entry(process_id: str, facet: str, value: str, ballot_id: str, order: int, candidacy: str) -> Key:
    """Sorted by ballot, then ballot order: a search lists candidacies as their ballots print them."""
    return Key(candidacy_index_pk(process_id, facet, value), f"{ballot_id}#{order:02d}#{candidacy}")


def candidacy_statistics(process_id: str) -> Key:
    return Key(contenders_pk(process_id), "CANDIDACY_STATS")


def identity_consent(candidacy_id: str) -> Key:
    """The candidate's newest consent link and the consent recorded through it (issue 22)."""
    return Key(candidacy_pk(candidacy_id), "IDENTITY_CONSENT")


# SMS lookup: a keyed hash of the phone number, never the number itself.
def sms_window(number_hash: str, hour: str) -> Key:
    """`hour` is `yyyymmddhh` (UTC): one counter per number per clock hour."""
    return Key(f"SMS#{number_hash}", f"WINDOW#{hour}")


def sms_opt_out(number_hash: str) -> Key:
    return Key(f"SMS#{number_hash}", "OPT_OUT")


def sms_inbound(number_hash: str, message_id: str) -> Key:
    """One inbound message, claimed before it is answered: SNS may deliver a message twice."""
    return Key(f"SMS#{number_hash}", f"IN#{message_id}")


# transparency log: an RFC 9162 Merkle tree (leaves, perfect subtrees) and signed tree heads ----
LOG_HEAD = Key("LOG", "HEAD")
TREE_HEADS_PK = "LOG#TREE_HEADS"


def log_node(level: int, index: int) -> Key:
    """A perfect subtree; level 0 is the leaf item itself (it holds the entry and its hash)."""
    return Key(f"LOG#LEAF#{index}", "LEAF") if level == 0 else Key(f"LOG#NODE#{level}#{index}", "NODE")


def log_event(event_id: str) -> Key:
    return Key(f"LOG#EVENT#{event_id}", "EVENT")


def log_leaf_hash(leaf_hash: str) -> Key:
    return Key(f"LOG#HASH#{leaf_hash}", "LEAF")


def log_process_pk(process_id: str) -> str:
    return f"LOG#PROCESS#{process_id}"


def log_process_entry(process_id: str, index: int) -> Key:
    return Key(log_process_pk(process_id), f"{index:012d}")


def tree_head(tree_size: int, timestamp: str) -> Key:
    return Key(TREE_HEADS_PK, f"{tree_size:012d}#{timestamp}")


# counts derived from the stream: one marker per (event, counter) makes each count exactly once --
TALLY_MARKER_DAYS = 3  # longer than the stream's 24 h retention, so no replay outlives its marker


def tally_marker(event_id: str, counter: Key) -> Key:
    """Spread over partitions by event id (never one hot partition for all markers)."""
    return Key(f"TALLY#{event_id}", f"{counter.pk}#{counter.sk}")


# Sort-key range (inclusive) of a proposal's partition that holds the proposal and its responses but
# not its supports: `PROPOSAL` < `RESPONSE#<contender>` < `RESPONSE$` < `SUPPORT#<user>`.
PROPOSAL_HEAD_RANGE = ("PROPOSAL", "RESPONSE$")


# the processes the lookup answers for: a copy of every process that was not closed when written --
PROCESSES_IN_COURSE_PK = "PROCESSES_IN_COURSE"


def process_in_course(process_id: str) -> Key:
    return Key(PROCESSES_IN_COURSE_PK, f"PROCESS#{process_id}")


def send_slot(second: int) -> Key:
    """The emails sent in one second (UTC epoch), against the account's SES rate."""
    return Key(f"SES_SLOT#{second}", "SLOT")


# results (issue 16): a ballot's count, beside the ballot ----------------------------------------
def ballot_result(ballot_id: str) -> Key:
    return Key(f"BALLOT#{ballot_id}", "RESULT")


# commitments followed through the term (issue 16) -------------------------------------------------
COMMITMENTS_DUE_PK = "COMMITMENTS_DUE"
COMMITMENT_REVIEW_PK = "COMMITMENT_REVIEW"
COMMITMENT_UPDATE_PREFIX = "UPDATE#"
COMMITMENT_VERDICT_PREFIX = "VERDICT#"


def commitment_pk(commitment_id: str) -> str:
    return f"COMMITMENT#{commitment_id}"


def commitment(commitment_id: str) -> Key:
    return Key(commitment_pk(commitment_id), "COMMITMENT")


def commitment_update(commitment_id: str, posted_at: str, update_id: str) -> Key:
    return Key(commitment_pk(commitment_id), f"{COMMITMENT_UPDATE_PREFIX}{posted_at}#{update_id}")


def commitment_verdict(commitment_id: str, user_id: str) -> Key:
    return Key(commitment_pk(commitment_id), f"{COMMITMENT_VERDICT_PREFIX}{user_id}")


def ballot_commitments_pk(ballot_id: str) -> str:
    return f"COMMITMENTS#{ballot_id}"


def ballot_commitment(ballot_id: str, order: int, commitment_id: str) -> Key:
    return Key(ballot_commitments_pk(ballot_id), f"{order:03d}#{commitment_id}")


def commitment_due(due_date: str, commitment_id: str) -> Key:
    return Key(COMMITMENTS_DUE_PK, f"{due_date}#{commitment_id}")


def commitment_review(posted_at: str, update_id: str) -> Key:
    return Key(COMMITMENT_REVIEW_PK, f"{posted_at}#{update_id}")


def process_commitment(process_id: str, commitment_id: str) -> Key:
    return Key(f"COMMITMENTS_OF#{process_id}", commitment_id)


def process_commitments_pk(process_id: str) -> str:
    return f"COMMITMENTS_OF#{process_id}"


def published_update(process_id: str, posted_at: str, update_id: str) -> Key:
    return Key(f"COMMITMENT_UPDATES#{process_id}", f"{posted_at}#{update_id}")


def published_updates_pk(process_id: str) -> str:
    return f"COMMITMENT_UPDATES#{process_id}"


# the responsiveness board (issue 16): per (proposal, contender) notice state and stream-kept counters --
def notice(proposal_id: str, contender_id: str) -> Key:
    """What happened to one proposal for one addressed contender: its notices sent and bounced (SES
    message ids), its first answer and its acknowledgement. Written by the relay, the notifier, the
    SES feedback handler and the party's acknowledgement; its stream changes move the board counters."""
    return Key(f"NOTICE#{proposal_id}", f"CONTENDER#{contender_id}")


def notice_message(message_id: str, proposal_id: str, contender_id: str) -> Key:
    """SES message id → the notices it carried (a digest carries many): read when SES reports a bounce."""
    return Key(notice_message_pk(message_id), f"NOTICE#{proposal_id}#{contender_id}")


def notice_message_pk(message_id: str) -> str:
    return f"SES_MESSAGE#{message_id}"


def responsiveness_process_pk(process_id: str) -> str:
    return f"RESPONSIVENESS#PROCESS#{process_id}"


def responsiveness_ballot_pk(ballot_id: str) -> str:
    return f"RESPONSIVENESS#BALLOT#{ballot_id}"


RESPONSIVENESS_SK_PREFIX = "CONTENDER#"


def responsiveness_counts(scope_pk: str, contender_id: str) -> Key:
    """One contender's board counters in a process or on a ballot (Query the scope's partition)."""
    return Key(scope_pk, f"{RESPONSIVENESS_SK_PREFIX}{contender_id}")


# the election-day dashboard: one counter item per day (Mexico City), derived from the stream ------
def daily_activity(day: str) -> Key:
    """Proposals and emails of one day (events/activity.py); `day` is an ISO date."""
    return Key(f"ACTIVITY#{day}", "COUNTS")


# staff and party pages (issue 14, second half) ---------------------------------------------
def party_candidacies_pk(process_id: str, party_id: str) -> str:
    """A party's candidacies in a process: its own and every coalition's it is a member of."""
    return f"PARTY_CANDIDACIES#{process_id}#{party_id}"


def party_candidacy(process_id: str, party_id: str, ballot_id: str, order: int, candidacy_id: str) -> Key:
    """Sorted by ballot, then ballot order, as the ballots print them."""
    return Key(party_candidacies_pk(process_id, party_id), f"{ballot_id}#{order:02d}#{candidacy_id}")


def party_users_pk(party_id: str) -> str:
    return f"PARTY_USERS#{party_id}"


def party_user(party_id: str, user_id: str) -> Key:
    return Key(party_users_pk(party_id), f"USER#{user_id}")


def party_user_by_id(user_id: str) -> Key:
    """Where an invited account's party is found from its id alone (disable, re-send)."""
    return Key(f"USER#{user_id}", "PARTY_USER")


# the proposal lifecycle (issue 15) --------------------------------------------------------------
# | duplicate key | DUPLICATE#<user id>         | <ballot>#<fingerprint>| conditional Put (submission) |
# | report        | PROPOSAL#<id>               | REVIEW_REPORT#<user>| conditional Put; Query (Limit 3) |
# A report sorts after `RESPONSE$` and before `SUPPORT#`: the proposal page's range never reads it.
REPORT_PREFIX = "REVIEW_REPORT#"


def duplicate_key(user_id: str, ballot_id: str, fingerprint: str) -> Key:
    """One per (author, ballot, fingerprint of the normalised text): two copies cannot both be written."""
    return Key(duplicate_keys_pk(user_id), f"{ballot_id}#{fingerprint}")


def proposal_report(proposal_id: str, user_id: str) -> Key:
    return Key(proposal_pk(proposal_id), f"{REPORT_PREFIX}{user_id}")


# open data built off the request path: one record per (process, dataset) saying where its files are --
def open_data_export(process_id: str, dataset: str) -> Key:
    return Key(f"OPENDATA#{process_id}", f"EXPORT#{dataset}")


def digest_run(process_id: str, contender_id: str) -> Key:
    """The digest being sent to a party: its cut-off and email id, so a stopped run resumes exactly."""
    return Key(f"DIGEST_RUN#{process_id}#{contender_id}", "RUN")


# personal data (ARCO, issue 13): what one citizen wrote, found without a scan -----------------
# Supports, reports, verdicts and daily counts carry `gsi1pk = CITIZEN#<user id>` and
# `gsi1sk = <kind>#<id>` on their own item (nothing else is written with them).
CITIZEN_SUPPORT = "SUPPORT#"
CITIZEN_REPORT = "REPORT#"
CITIZEN_VERDICT = "VERDICT#"
CITIZEN_QUOTA = "QUOTA#"
RETENTION_PK = "RETENTION"


def citizen_items_pk(user_id: str) -> str:
    return f"CITIZEN#{user_id}"


def citizen_index(user_id: str, kind: str, item_id: str) -> dict[str, Any]:
    """The gsi1 attributes that list an item among a citizen's own (`kind` is a CITIZEN_* prefix)."""
    return {"gsi1pk": {"S": citizen_items_pk(user_id)}, "gsi1sk": {"S": f"{kind}{item_id}"}}


def duplicate_keys_pk(user_id: str) -> str:
    return f"DUPLICATE#{user_id}"


def process_proposals_pk(process_id: str) -> str:
    return f"PROPOSALS_OF#{process_id}"


def process_proposal(process_id: str, created_at: str, proposal_id: str) -> Key:
    """Every proposal of a process whatever its status (the retention job's list)."""
    return Key(process_proposals_pk(process_id), timeline_sk(created_at, proposal_id))


def retention_done(process_id: str) -> Key:
    return Key(RETENTION_PK, f"PROCESS#{process_id}")


def key_attributes(key: Key) -> dict[str, Any]:
    """A key as DynamoDB attribute values (`{"pk": {"S": …}, "sk": {"S": …}}`), for the stores'
    requests: the one place that says how a `Key` is sent."""
    return {"pk": {"S": key.pk}, "sk": {"S": key.sk}}
