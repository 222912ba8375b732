"""Money: the IRS limits by year and the arithmetic of the room, the paycheck plan and the projection."""
