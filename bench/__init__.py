"""`make bench`: our full stack vs. a stock `rasa init` assistant, measured in one run."""
