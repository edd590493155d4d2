"""The `omnichannel` command line: one subcommand per stage of the pipeline."""
