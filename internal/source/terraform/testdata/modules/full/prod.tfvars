create_user_pool = true
k8s_version      = "1.31.2"
