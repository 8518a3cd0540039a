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
| digest entry  | DIGEST#<process>#<contender>| <event id>         | Query                     |
| digest marker | DIGESTS_PENDING             | <process>#<contender>| Query                   |
| content page  | CONTENT#<slug>              | VERSION#<nnnnnn>   | GetItem / Query (history) |
|   latest      | CONTENT#<slug>              | LATEST             | GetItem (admin, next no.) |
|   published   | CONTENT#<slug>              | PUBLISHED          | GetItem (public page)     |
| content index | CONTENT_PAGES#<process|SHARED>| PAGE#<slug>      | Query (pages of a process)|
| platform      | PROCESS#<id>                | PLATFORM#<contender>| GetItem / Query          |
| email code    | ACCOUNT#<user sub>          | VERIFICATION       | GetItem / conditional Put/Update (TTL) |
| inbox counts  | PROCESS#<id>                | INBOX_COUNTS#<contender>| GetItem (counters kept from the stream) |
| profile       | CANDIDACY#<candidacy id>    | PROFILE            | GetItem / BatchGetItem (public candidacy) |
|   version     | CANDIDACY#<candidacy id>    | PROFILE#V#<nnnnnn> | Query (history, newest first) |
| audit entry   | AUDIT#<yyyy-mm>             | <at>#<id>          | Query (by month, sk between from/to) |
|   (gsi1)      | AUDIT_ACTOR#<user id>       | <at>#<id>          | Query gsi1 (by actor)     |
|   by entity   | AUDIT_ENTITY#<entity>       | <at>#<id>          | Query (by entity)         |
| in course     | PROCESSES_IN_COURSE         | PROCESS#<id>       | Query (lookup: processes not long closed) |
| send slot     | SES_SLOT#<epoch second>     | SLOT               | conditional Update (email pacing) |
| tally marker  | TALLY#<event id>            | <counter pk>#<counter sk>| conditional Put (stream, once per event) |

Facets of the public proposal feed: `all`, `ballot`, `municipality`, `topic`, `party`, `process`
(the last feeds the open-data export of a process).
"""

from __future__ import annotations

from typing import NamedTuple


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
