"""Alarms to the operator topic, and one dashboard for election day."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from .api import API_HANDLER, RELAY, Api
from .config import StageConfig
from .data import Data
from .messaging import Messaging

FIVE_MINUTES = cdk.Duration.minutes(5)
ONE_MINUTE = cdk.Duration.minutes(1)
# SES reviews an account at a 5% bounce rate or a 0.1% complaint rate (and may pause sending at 10% / 0.5%):
# alarm well before, at half those review thresholds.
SES_BOUNCE_RATE_ALARM = 0.025
SES_COMPLAINT_RATE_ALARM = 0.0005
API_5XX_RATE_ALARM = 0.01
RELAY_ITERATOR_AGE_ALARM_MS = 5 * 60 * 1000
QUEUE_AGE_ALARM_SECONDS = 15 * 60


class Monitoring(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        data: Data,
        messaging: Messaging,
        api: Api,
    ) -> None:
        super().__init__(scope, construct_id)
        self.config = config
        self.alarms: list[cw.Alarm] = []
        action = cw_actions.SnsAction(messaging.operator_topic)
        self._action = action
        prefix = config.prefix

        # Messages that could not be delivered: a person is waiting for an email that did not go out.
        for audience, audience_queue in messaging.queues.items():
            self._alarm(
                f"{audience.capitalize()}DlqNotEmpty",
                f"{prefix}-{audience}-dlq-not-empty",
                audience_queue.dead_letter_queue.metric_approximate_number_of_messages_visible(
                    period=ONE_MINUTE, statistic="Maximum"
                ),
                threshold=1,
                description=f"Notifications for {audience}s failed 5 times and wait in the dead-letter queue. "
                "Read one, fix the cause, then redrive (docs/election-day.md).",
            )
            self._alarm(
                f"{audience.capitalize()}QueueAge",
                f"{prefix}-{audience}-queue-backlog",
                audience_queue.queue.metric_approximate_age_of_oldest_message(period=ONE_MINUTE, statistic="Maximum"),
                threshold=QUEUE_AGE_ALARM_SECONDS,
                periods=5,
                description=f"{audience} notifications are waiting more than 15 minutes: consumers are too slow "
                "or SES is throttling.",
            )
        self._alarm(
            "RelayFailures",
            f"{prefix}-relay-failures",
            messaging.relay_failures.metric_approximate_number_of_messages_visible(
                period=ONE_MINUTE, statistic="Maximum"
            ),
            threshold=1,
            description="The stream relay gave up on a batch of table changes: their events were not published.",
        )

        # API: server errors as a share of requests, and latency.
        api_dims = {"ApiName": api.rest_api_name, "Stage": api.api_stage_name}
        self.api_5xx_rate = cw.Metric(
            namespace="AWS/ApiGateway",
            metric_name="5XXError",
            dimensions_map=api_dims,
            statistic="Average",
            period=FIVE_MINUTES,
        )
        self._alarm(
            "Api5xxRate",
            f"{prefix}-api-5xx-rate",
            self.api_5xx_rate,
            threshold=API_5XX_RATE_ALARM,
            periods=2,
            description="More than 1% of API requests fail with a 5xx over 10 minutes.",
        )
        self.api_requests = cw.Metric(
            namespace="AWS/ApiGateway", metric_name="Count", dimensions_map=api_dims, statistic="Sum", period=ONE_MINUTE
        )
        self.api_latency = cw.Metric(
            namespace="AWS/ApiGateway",
            metric_name="Latency",
            dimensions_map=api_dims,
            statistic="p99",
            period=ONE_MINUTE,
        )

        # Every function: errors and throttles.
        for handler, fn in api.functions.items():
            dims = {"FunctionName": fn.function_name}
            title = "".join(part.capitalize() for part in handler.split("_"))
            self._alarm(
                f"{title}Errors",
                f"{fn.function_name}-errors",
                cw.Metric(
                    namespace="AWS/Lambda",
                    metric_name="Errors",
                    dimensions_map=dims,
                    statistic="Sum",
                    period=FIVE_MINUTES,
                ),
                threshold=5 if handler == API_HANDLER else 1,
                description=f"{fn.function_name} raised errors.",
            )
            self._alarm(
                f"{title}Throttles",
                f"{fn.function_name}-throttles",
                cw.Metric(
                    namespace="AWS/Lambda",
                    metric_name="Throttles",
                    dimensions_map=dims,
                    statistic="Sum",
                    period=FIVE_MINUTES,
                ),
                threshold=1,
                description=f"{fn.function_name} was throttled: raise its concurrency or the account limit.",
            )
            if handler == RELAY:
                self._alarm(
                    "RelayIteratorAge",
                    f"{prefix}-relay-lag",
                    cw.Metric(
                        namespace="AWS/Lambda",
                        metric_name="IteratorAge",
                        dimensions_map=dims,
                        statistic="Maximum",
                        period=ONE_MINUTE,
                    ),
                    threshold=RELAY_ITERATOR_AGE_ALARM_MS,
                    periods=3,
                    description="Table changes wait more than 5 minutes to become events.",
                )

        # DynamoDB throttling (on-demand tables throttle above their table or account maximums).
        for kind in ("Read", "Write"):
            self._alarm(
                f"Table{kind}Throttles",
                f"{prefix}-table-{kind.lower()}-throttles",
                cw.Metric(
                    namespace="AWS/DynamoDB",
                    metric_name=f"{kind}ThrottleEvents",
                    dimensions_map={"TableName": data.table.table_name},
                    statistic="Sum",
                    period=ONE_MINUTE,
                ),
                threshold=1,
                periods=3,
                description=f"DynamoDB throttled {kind.lower()}s for 3 minutes.",
            )

        # SES reputation (account-wide metrics, published once email is sent).
        self.ses_bounce_rate = cw.Metric(
            namespace="AWS/SES", metric_name="Reputation.BounceRate", statistic="Maximum", period=FIVE_MINUTES
        )
        self.ses_complaint_rate = cw.Metric(
            namespace="AWS/SES", metric_name="Reputation.ComplaintRate", statistic="Maximum", period=FIVE_MINUTES
        )
        self._alarm(
            "SesBounceRate",
            f"{prefix}-ses-bounce-rate",
            self.ses_bounce_rate,
            threshold=SES_BOUNCE_RATE_ALARM,
            description="SES bounce rate above 2.5% (SES reviews accounts at 5%).",
        )
        self._alarm(
            "SesComplaintRate",
            f"{prefix}-ses-complaint-rate",
            self.ses_complaint_rate,
            threshold=SES_COMPLAINT_RATE_ALARM,
            description="SES complaint rate above 0.05% (SES reviews accounts at 0.1%).",
        )

        self.dashboard = self._dashboard(data, messaging, api)

    def _alarm(
        self,
        construct_id: str,
        name: str,
        metric: cw.IMetric,
        *,
        threshold: float,
        description: str,
        periods: int = 1,
    ) -> cw.Alarm:
        alarm = cw.Alarm(
            self,
            construct_id,
            alarm_name=name,
            alarm_description=description,
            metric=metric,
            threshold=threshold,
            evaluation_periods=periods,
            datapoints_to_alarm=periods,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(self._action)
        alarm.add_ok_action(self._action)
        self.alarms.append(alarm)
        return alarm

    def _dashboard(self, data: Data, messaging: Messaging, api: Api) -> cw.Dashboard:
        dashboard = cw.Dashboard(self, "Dashboard", dashboard_name=f"{self.config.prefix}-election-day")
        api_dims = {"ApiName": api.rest_api_name, "Stage": api.api_stage_name}

        def api_metric(name: str, statistic: str = "Sum") -> cw.Metric:
            return cw.Metric(
                namespace="AWS/ApiGateway",
                metric_name=name,
                dimensions_map=api_dims,
                statistic=statistic,
                period=ONE_MINUTE,
            )

        def lambda_metric(name: str, function_name: str, statistic: str = "Sum") -> cw.Metric:
            return cw.Metric(
                namespace="AWS/Lambda",
                metric_name=name,
                dimensions_map={"FunctionName": function_name},
                statistic=statistic,
                period=ONE_MINUTE,
                label=function_name,
            )

        def queue_depth(queue: sqs.IQueue) -> cw.Metric:
            return queue.metric_approximate_number_of_messages_visible(period=ONE_MINUTE, statistic="Maximum")

        functions = list(api.functions.values())
        dashboard.add_widgets(
            cw.TextWidget(
                markdown=f"# DecideIEEM {self.config.stage} — election day\nRunbook: docs/election-day.md",
                width=24,
                height=2,
            )
        )
        dashboard.add_widgets(
            cw.GraphWidget(
                title="API requests / min",
                left=[api_metric("Count")],
                right=[api_metric("CacheHitCount"), api_metric("CacheMissCount")],
                width=8,
            ),
            cw.GraphWidget(title="API errors", left=[api_metric("5XXError"), api_metric("4XXError")], width=8),
            cw.GraphWidget(
                title="API latency p99 (ms)",
                left=[api_metric("Latency", "p99"), api_metric("IntegrationLatency", "p99")],
                width=8,
            ),
        )
        dashboard.add_widgets(
            cw.GraphWidget(
                title="Lambda concurrency",
                left=[lambda_metric("ConcurrentExecutions", f.function_name, "Maximum") for f in functions],
                width=8,
            ),
            cw.GraphWidget(
                title="Lambda errors", left=[lambda_metric("Errors", f.function_name) for f in functions], width=8
            ),
            cw.GraphWidget(
                title="Lambda throttles", left=[lambda_metric("Throttles", f.function_name) for f in functions], width=8
            ),
        )
        dashboard.add_widgets(
            cw.GraphWidget(
                title="Notification queues (visible)",
                left=[queue_depth(q.queue) for q in messaging.queues.values()],
                width=8,
            ),
            cw.GraphWidget(
                title="Dead letters",
                left=[queue_depth(q.dead_letter_queue) for q in messaging.queues.values()]
                + [queue_depth(messaging.relay_failures)],
                width=8,
            ),
            cw.GraphWidget(
                title="DynamoDB consumed capacity",
                left=[
                    data.table.metric_consumed_read_capacity_units(period=ONE_MINUTE),
                    data.table.metric_consumed_write_capacity_units(period=ONE_MINUTE),
                ],
                width=8,
            ),
        )
        dashboard.add_widgets(
            cw.GraphWidget(
                title="SES sends, bounces, complaints",
                left=[
                    cw.Metric(namespace="AWS/SES", metric_name=m, statistic="Sum", period=FIVE_MINUTES)
                    for m in ("Send", "Delivery", "Bounce", "Complaint")
                ],
                width=12,
            ),
            cw.GraphWidget(title="SES reputation", left=[self.ses_bounce_rate, self.ses_complaint_rate], width=12),
        )
        return dashboard
