"""Powertools logger and metrics shared by routes and event handlers."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

logger = Logger(service="decide-ieem")
metrics = Metrics(namespace="DecideIEEM", service="decide-ieem")
