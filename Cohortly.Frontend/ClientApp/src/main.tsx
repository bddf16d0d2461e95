import { render } from 'preact';
import './shared/styles.css';
import { App } from './app';
import { startAuth } from './shared/auth';
import { loadFeatures } from './shared/features';

startAuth();
void loadFeatures();
render(<App />, document.getElementById('app')!);
