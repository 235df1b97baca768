"""The one table of each kind of answer (`answers`) and of scoring rule (`rules`): see CONTRIBUTING."""
