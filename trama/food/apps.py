from django.apps import AppConfig


class FoodConfig(AppConfig):
    name = "trama.food"
    label = "food"
