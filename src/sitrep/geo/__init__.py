"""Geography shared by every layer: the offline gazetteer, distances, the tables behind them."""
