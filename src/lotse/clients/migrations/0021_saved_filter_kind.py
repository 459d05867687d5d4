"""Saved filters of the case list (issue #17 §3): the list a filter belongs to; every existing
filter is one of the client list's. Names are unique per user and list."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0020_contact_client_open_follow_up_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='savedfilter',
            name='saved_filter_unique_name',
        ),
        migrations.AddField(
            model_name='savedfilter',
            name='kind',
            field=models.CharField(choices=[('clients', 'client list'), ('cases', 'case list')], default='clients', max_length=10, verbose_name='list'),
        ),
        migrations.AddConstraint(
            model_name='savedfilter',
            constraint=models.UniqueConstraint(fields=('user', 'kind', 'name'), name='saved_filter_unique_kind_name'),
        ),
    ]
