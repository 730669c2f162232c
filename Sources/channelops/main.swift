print("channelops")
