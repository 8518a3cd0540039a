"""The party portal: a party editor's inbox and notification settings."""
