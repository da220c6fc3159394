import './core/startup/module-cache';
import 'reflect-metadata';
import { main } from './main';

// Same image, other entrypoint: queue processors and schedulers without HTTP.
void main('worker');
